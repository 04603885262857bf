/* uapi/ipc.h — System V IPC's get flags, control commands and struct
 * ipc64_perm (Linux include/uapi/linux/ipc.h, asm-generic/ipcbuf.h). */
#pragma once

#include <types.h>

#define IPC_PRIVATE 0
#define IPC_CREAT 00001000
#define IPC_EXCL 00002000
#define IPC_NOWAIT 00004000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3

/* struct ipc64_perm on arm64: 48 bytes. */
struct ipc64_perm_user {
	s32 key;
	u32 uid, gid, cuid, cgid, mode;
	u16 seq, pad2;
	u32 pad3;
	u64 unused1, unused2;
};
_Static_assert(sizeof(struct ipc64_perm_user) == 48 && offsetof(struct ipc64_perm_user, seq) == 24,
	       "struct ipc64_perm (asm-generic/ipcbuf.h)");
