/* uapi/futex.h — futex(2)'s operations and flags (Linux include/uapi/linux/futex.h). */
#pragma once

#include <types.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2 /* removed in Linux 2.6.26; only strace's name */
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_VALID_MASK (FUTEX2_SIZE_U32 | FUTEX_PRIVATE_FLAG)

/* struct futex_waitv (include/uapi/linux/futex.h). */
struct futex_waitv_user {
	u64 val;
	u64 uaddr;
	u32 flags;
	u32 reserved;
};
_Static_assert(sizeof(struct futex_waitv_user) == 24, "struct futex_waitv");
#define FUTEX_WAITV_MAX 128
