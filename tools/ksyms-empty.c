/* ksyms-empty.c — the empty symbol table of link pass 1 (see Makefile). */
#include <types.h>
__section(".ksyms") const u64 ksyms_addrs[1] = {0};
__section(".ksyms") const u32 ksyms_name_offsets[1] = {0};
__section(".ksyms") const char ksyms_names[1] = "";
__section(".ksyms") const u32 ksyms_count = 0;
