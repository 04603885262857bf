/* uapi/sem.h — semop's flag, semctl's commands and the structs semop reads
 * and semctl fills (Linux include/uapi/linux/sem.h, asm-generic/sembuf.h). */
#pragma once

#include <types.h>
#include <uapi/ipc.h>

#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17
#define SEM_STAT 18
#define SEM_INFO 19
#define SEM_STAT_ANY 20

/* struct sembuf (include/uapi/linux/sem.h). */
struct sembuf_user {
	u16 num;
	s16 op;
	s16 flg;
};
_Static_assert(sizeof(struct sembuf_user) == 6, "struct sembuf");

/* struct semid64_ds (asm-generic/sembuf.h, 64-bit). */
struct semid_ds_user {
	struct ipc64_perm_user perm;
	s64 otime, ctime;
	u64 nsems;
	u64 unused3, unused4;
};
_Static_assert(sizeof(struct semid_ds_user) == 88, "struct semid64_ds on arm64");

struct seminfo_user {
	s32 semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};
_Static_assert(sizeof(struct seminfo_user) == 40, "struct seminfo");
