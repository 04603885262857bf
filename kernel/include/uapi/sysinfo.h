/* uapi/sysinfo.h — struct sysinfo as sysinfo(2) fills it on arm64 (Linux
 * include/uapi/linux/sysinfo.h). */
#pragma once

#include <types.h>

struct sysinfo_user {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs;
	u16 pad;
	u32 pad2;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	u8 reserved[4];
};
_Static_assert(sizeof(struct sysinfo_user) == 112, "struct sysinfo on arm64");
