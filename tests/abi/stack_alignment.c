/* stack_alignment: at process entry sp is 16-byte aligned and points at
 * argc, with argv at sp+8 (AArch64 ELF ABI / Linux create_elf_tables()).
 * Hence (uintptr_t)argv % 16 == 8. Also checks that a 16-byte aligned local
 * in main really is aligned (the C runtime kept sp aligned). */
#include "lvtest.h"
#include <stdint.h>

extern char **environ;

int main(int argc, char **argv)
{
	say("argv %% 16: %lu\n", (unsigned long)((uintptr_t)argv % 16));
	long *argcp = (long *)argv - 1;
	yesno("*(argv-1) == argc", *argcp == argc);
	_Alignas(16) volatile char local[16];
	local[0] = 1;
	yesno("aligned local ok", ((uintptr_t)local % 16) == 0);
	done();
	return 0;
}
