/* uring_test.h — io_uring helpers for the io_uring_* tests: the ABI of
 * linux/io_uring.h written out (musl has no linux/ headers), the raw
 * system calls (no liburing), a ring mapped as liburing maps it, and a
 * one-line report of a CQE. */
#ifndef URING_TEST_H
#define URING_TEST_H

#include "lvtest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#define __NR_io_uring_register 427
#endif

struct u_sqe {
	uint8_t opcode, flags;
	uint16_t ioprio;
	int32_t fd;
	uint64_t off, addr;
	uint32_t len, op_flags;
	uint64_t user_data;
	uint16_t buf_index, personality;
	int32_t file_index;
	uint64_t addr3, pad2;
};

struct u_cqe {
	uint64_t user_data;
	int32_t res;
	uint32_t flags;
};

struct u_sq_off {
	uint32_t head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
	uint64_t resv2;
};

struct u_cq_off {
	uint32_t head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
	uint64_t resv2;
};

struct u_params {
	uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle, features, wq_fd, resv[3];
	struct u_sq_off sq_off;
	struct u_cq_off cq_off;
};

enum {
	OP_NOP,
	OP_READV,
	OP_WRITEV,
	OP_FSYNC,
	OP_READ_FIXED,
	OP_WRITE_FIXED,
	OP_POLL_ADD,
	OP_POLL_REMOVE,
	OP_SYNC_FILE_RANGE,
	OP_SENDMSG,
	OP_RECVMSG,
	OP_TIMEOUT,
	OP_TIMEOUT_REMOVE,
	OP_ACCEPT,
	OP_ASYNC_CANCEL,
	OP_LINK_TIMEOUT,
	OP_CONNECT,
	OP_FALLOCATE,
	OP_OPENAT,
	OP_CLOSE,
	OP_FILES_UPDATE,
	OP_STATX,
	OP_READ,
	OP_WRITE,
	OP_FADVISE,
	OP_MADVISE,
	OP_SEND,
	OP_RECV,
	OP_LAST = 49
};

#define SQE_FIXED_FILE 1
#define SQE_IO_DRAIN 2
#define SQE_IO_LINK 4
#define SQE_IO_HARDLINK 8
#define SQE_ASYNC 16
#define SQE_CQE_SKIP 64

#define SETUP_CQSIZE (1u << 3)
#define SETUP_CLAMP (1u << 4)
#define SETUP_SUBMIT_ALL (1u << 7)
#define SETUP_COOP_TASKRUN (1u << 8)
#define SETUP_TASKRUN_FLAG (1u << 9)

#define ENTER_GETEVENTS 1u
#define ENTER_EXT_ARG 8u

#define OFF_SQ_RING 0ULL
#define OFF_CQ_RING 0x8000000ULL
#define OFF_SQES 0x10000000ULL

#define SQ_CQ_OVERFLOW 2u

#define REG_BUFFERS 0
#define UNREG_BUFFERS 1
#define REG_FILES 2
#define UNREG_FILES 3
#define REG_EVENTFD 4
#define UNREG_EVENTFD 5
#define REG_PROBE 8

/* the features io_uring_setup reports that LevitateOS builds (docs/io_uring.md) */
#define FEATURES_BUILT (1u | 2u | 4u | 8u | 32u | 64u | 256u | 2048u)

static inline int u_setup(unsigned entries, struct u_params *p)
{
	return (int)syscall(__NR_io_uring_setup, entries, p);
}

static inline int u_enter(int fd, unsigned submit, unsigned min, unsigned flags, void *arg, size_t sz)
{
	return (int)syscall(__NR_io_uring_enter, fd, submit, min, flags, arg, sz);
}

static inline int u_register(int fd, unsigned op, void *arg, unsigned nr)
{
	return (int)syscall(__NR_io_uring_register, fd, op, arg, nr);
}

struct ring {
	int fd;
	struct u_params p;
	char *sq, *cq;
	struct u_sqe *sqes;
	unsigned *sq_head, *sq_tail, *sq_mask, *sq_array, *sq_flags, *sq_dropped;
	unsigned *cq_head, *cq_tail, *cq_mask, *cq_overflow;
	struct u_cqe *cqes;
};

/* A ring of entries (flags: setup flags) mapped as liburing does; -1
 * after saying why. */
static inline int ring_init(struct ring *r, unsigned entries, unsigned flags)
{
	memset(r, 0, sizeof(*r));
	r->p.flags = flags;
	r->fd = u_setup(entries, &r->p);
	if (r->fd < 0)
		return say("io_uring_setup: %s\n", errname(errno)), -1;
	size_t sq_size = r->p.sq_off.array + r->p.sq_entries * 4;
	size_t cq_size = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct u_cqe);
	size_t size = sq_size > cq_size ? sq_size : cq_size;
	r->sq = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, OFF_SQ_RING);
	r->cq = r->sq;
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct u_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
		       r->fd, OFF_SQES);
	if (r->sq == MAP_FAILED || r->sqes == MAP_FAILED)
		return say("mmap: %s\n", errname(errno)), -1;
	r->sq_head = (unsigned *)(r->sq + r->p.sq_off.head);
	r->sq_tail = (unsigned *)(r->sq + r->p.sq_off.tail);
	r->sq_mask = (unsigned *)(r->sq + r->p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(r->sq + r->p.sq_off.array);
	r->sq_flags = (unsigned *)(r->sq + r->p.sq_off.flags);
	r->sq_dropped = (unsigned *)(r->sq + r->p.sq_off.dropped);
	r->cq_head = (unsigned *)(r->cq + r->p.cq_off.head);
	r->cq_tail = (unsigned *)(r->cq + r->p.cq_off.tail);
	r->cq_mask = (unsigned *)(r->cq + r->p.cq_off.ring_mask);
	r->cq_overflow = (unsigned *)(r->cq + r->p.cq_off.overflow);
	r->cqes = (struct u_cqe *)(r->cq + r->p.cq_off.cqes);
	return 0;
}

/* The next SQE, zeroed, with its opcode, fd and user_data (the SQ array
 * entry points at it; the tail moves at once). */
static inline struct u_sqe *sqe_get(struct ring *r, int op, int fd, uint64_t data)
{
	unsigned tail = *r->sq_tail;
	unsigned idx = tail & *r->sq_mask;
	struct u_sqe *s = &r->sqes[idx];
	memset(s, 0, sizeof(*s));
	s->opcode = (uint8_t)op;
	s->fd = fd;
	s->user_data = data;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	return s;
}

/* Reaps every CQE there is, one line each; how many. */
static inline int cqe_drain(struct ring *r)
{
	int n = 0;
	unsigned head = *r->cq_head;
	while (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
		struct u_cqe *c = &r->cqes[head & *r->cq_mask];
		if (c->res < 0)
			say("  cqe %llu: %s flags %u\n", (unsigned long long)c->user_data, errname(-c->res), c->flags);
		else
			say("  cqe %llu: %d flags %u\n", (unsigned long long)c->user_data, c->res, c->flags);
		head++;
		n++;
	}
	__atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
	return n;
}

/* Submits what is queued and waits for min CQEs, then reports them. */
static inline void submit_wait(struct ring *r, unsigned n, unsigned min, const char *what)
{
	int ret = u_enter(r->fd, n, min, ENTER_GETEVENTS, NULL, 0);
	if (ret < 0)
		say("%s: enter %s\n", what, errname(errno));
	else
		say("%s: enter %d\n", what, ret);
	cqe_drain(r);
}

#endif
