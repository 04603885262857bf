/* uapi/openat2.h — openat2's struct open_how and its RESOLVE_* flags (Linux
 * include/uapi/linux/openat2.h). */
#pragma once

#include <types.h>

/* struct open_how (include/uapi/linux/openat2.h) */
struct open_how_user {
	u64 flags, mode, resolve;
};
_Static_assert(sizeof(struct open_how_user) == 24, "struct open_how: OPEN_HOW_SIZE_VER0");
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20
