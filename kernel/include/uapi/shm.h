/* uapi/shm.h — shmctl's commands, shmat's and shmget's flags and the structs
 * shmctl fills (Linux include/uapi/linux/shm.h, asm-generic/shmbuf.h). */
#pragma once

#include <types.h>
#include <uapi/ipc.h>

#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define SHM_HUGETLB 04000

/* struct shmid64_ds (asm-generic/shmbuf.h, 64-bit) with struct ipc64_perm. */
struct shmid_ds_user {
	struct ipc64_perm_user perm;
	u64 segsz;
	s64 atime, dtime, ctime;
	s32 cpid, lpid;
	u64 nattch;
	u64 unused4, unused5;
};
_Static_assert(sizeof(struct shmid_ds_user) == 112, "struct shmid64_ds on arm64");

struct shminfo_user {
	u64 shmmax, shmmin, shmmni, shmseg, shmall;
	u64 unused[4];
};
_Static_assert(sizeof(struct shminfo_user) == 72, "struct shminfo64");

struct shm_info_user {
	s32 used_ids;
	s32 pad;
	u64 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};
_Static_assert(sizeof(struct shm_info_user) == 48 && offsetof(struct shm_info_user, shm_tot) == 8,
	       "struct shm_info on arm64");
