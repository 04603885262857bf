/*
 * ipc.h — what System V shared memory (shm.c) and message queues (msg.c)
 * share (Linux ipc/util.c): the permission record, its checks, and its
 * layout in user memory (struct ipc64_perm, asm-generic/ipcbuf.h).
 */
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
#define IPCMNI 32768 /* ids: seq * IPCMNI + slot (ipc_buildid) */

struct ipc_perm_k {
	int id;
	s32 key;
	u32 uid, gid, cuid, cgid, mode; /* mode: 0777 bits and the object's flags */
	u16 seq;
};

/* struct ipc64_perm on arm64: 48 bytes. */
struct ipc64_perm_user {
	s32 key;
	u32 uid, gid, cuid, cgid, mode;
	u16 seq, pad2;
	u32 pad3;
	u64 unused1, unused2;
};

/* A new object's record: the caller's effective ids, flag's 0777 bits. */
void ipc_perm_init(struct ipc_perm_k *p, s32 key, int flag);
/* Linux ipcperms: may the caller have flag's rwx bits (or CAP_IPC_OWNER)? */
bool ipc_allowed(const struct ipc_perm_k *p, int flag);
/* The owner or creator, or CAP_SYS_ADMIN (IPC_SET, IPC_RMID). */
bool ipc_owner(const struct ipc_perm_k *p);
void ipc_perm_to_user(const struct ipc_perm_k *p, struct ipc64_perm_user *out);
/* IPC_SET's part: uid, gid and the 0777 bits. */
void ipc_perm_set(struct ipc_perm_k *p, const struct ipc64_perm_user *in);
/* Seconds of wall-clock time, for the objects' times. */
s64 ipc_now(void);
