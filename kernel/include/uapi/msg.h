/* uapi/msg.h — msgctl's commands, msgrcv's flags and the structs msgctl
 * fills (Linux include/uapi/linux/msg.h, asm-generic/msgbuf.h). */
#pragma once

#include <types.h>
#include <uapi/ipc.h>

#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13
#define MSG_NOERROR 010000
#define MSG_EXCEPT 020000
#define MSG_COPY 040000

/* struct msqid64_ds (asm-generic/msgbuf.h, 64-bit). */
struct msqid_ds_user {
	struct ipc64_perm_user perm;
	s64 stime, rtime, ctime;
	u64 cbytes, qnum, qbytes;
	s32 lspid, lrpid;
	u64 unused4, unused5;
};
_Static_assert(sizeof(struct msqid_ds_user) == 120, "struct msqid64_ds on arm64");

struct msginfo_user {
	s32 msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	u16 msgseg;
};
_Static_assert(sizeof(struct msginfo_user) == 32 && offsetof(struct msginfo_user, msgseg) == 28, "struct msginfo");
