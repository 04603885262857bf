/* uapi/rseq.h — rseq(2)'s registration flag, the area a thread registers
 * (struct rseq as Linux 6.1 has it: 32 bytes, 32-byte aligned) and the
 * critical-section descriptor it points to (Linux include/uapi/linux/rseq.h). */
#pragma once

#include <types.h>

#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_CPU_ID_UNINITIALIZED ((u32)-1)

struct rseq_user {
	u32 cpu_id_start;
	u32 cpu_id;
	u64 rseq_cs; /* the user address of a struct rseq_cs_user, or 0 */
	u32 flags;
	u32 pad[3];
};
_Static_assert(sizeof(struct rseq_user) == 32, "struct rseq in Linux 6.1");
_Static_assert(__builtin_offsetof(struct rseq_user, flags) == 16, "struct rseq: flags");

struct rseq_cs_user {
	u32 version;
	u32 flags;
	u64 start_ip;
	u64 post_commit_offset;
	u64 abort_ip;
};
_Static_assert(sizeof(struct rseq_cs_user) == 32, "struct rseq_cs");
