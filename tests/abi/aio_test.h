/* aio_test.h — native AIO helpers for the aio_* tests: the raw system
 * calls (no libaio), the ring header as fs/aio.c lays it out, and a
 * one-line report of an event. */
#ifndef AIO_TEST_H
#define AIO_TEST_H

#include "lvtest.h"
#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

/* linux/aio_abi.h's, written out: musl's headers have no linux/ */
typedef unsigned long aio_context_t;
enum {
	IOCB_CMD_PREAD = 0,
	IOCB_CMD_PWRITE = 1,
	IOCB_CMD_FSYNC = 2,
	IOCB_CMD_FDSYNC = 3,
	IOCB_CMD_POLL = 5,
	IOCB_CMD_NOOP = 6,
	IOCB_CMD_PREADV = 7,
	IOCB_CMD_PWRITEV = 8,
};
#define IOCB_FLAG_RESFD (1 << 0)
#ifndef RWF_HIPRI
#define RWF_HIPRI 0x01
#endif
#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x08
#endif

struct io_event {
	uint64_t data;
	uint64_t obj;
	int64_t res;
	int64_t res2;
};

struct iocb {
	uint64_t aio_data;
	uint32_t aio_key;
	uint32_t aio_rw_flags;
	uint16_t aio_lio_opcode;
	int16_t aio_reqprio;
	uint32_t aio_fildes;
	uint64_t aio_buf;
	uint64_t aio_nbytes;
	int64_t aio_offset;
	uint64_t aio_reserved2;
	uint32_t aio_flags;
	uint32_t aio_resfd;
};

struct aio_ring {
	unsigned id, nr, head, tail, magic, compat_features, incompat_features, header_length;
	struct io_event events[];
};

static inline long io_setup(unsigned nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

static inline long io_destroy(aio_context_t ctx)
{
	return syscall(SYS_io_destroy, ctx);
}

static inline long io_submit(aio_context_t ctx, long nr, struct iocb **iocbs)
{
	return syscall(SYS_io_submit, ctx, nr, iocbs);
}

static inline long io_cancel(aio_context_t ctx, struct iocb *iocb, struct io_event *ev)
{
	return syscall(SYS_io_cancel, ctx, iocb, ev);
}

static inline long io_getevents(aio_context_t ctx, long min_nr, long nr, struct io_event *ev, struct timespec *ts)
{
	return syscall(SYS_io_getevents, ctx, min_nr, nr, ev, ts);
}

/* "label: N" or "label: ERRNO" */
static inline void aio_ret(const char *label, long r)
{
	if (r < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %ld\n", label, r);
}

/* An event: which iocb (by its index in base, or "?"), data and result. */
static inline void aio_show_event(const char *label, const struct io_event *ev, const struct iocb *base, int n)
{
	long idx = -1;
	for (int i = 0; i < n; i++)
		if ((uintptr_t)ev->obj == (uintptr_t)&base[i])
			idx = i;
	say("%s: iocb %ld data %llu res %lld%s%s res2 %lld\n", label, idx, (unsigned long long)ev->data,
	    (long long)ev->res, ev->res < 0 ? " " : "", ev->res < 0 ? errname((int)-ev->res) : "", (long long)ev->res2);
}

/* Submits one iocb and reports it: the submit error, or its event if
 * already complete (it is, for reads and writes of regular files). */
static inline void aio_one_within(aio_context_t ctx, struct iocb *cb, const char *label, long wait_ms)
{
	struct iocb *p = cb;
	long r = io_submit(ctx, 1, &p);
	if (r != 1) {
		say("%s: submit %s\n", label, r < 0 ? errname(errno) : "0");
		return;
	}
	struct io_event ev;
	struct timespec limit = {wait_ms / 1000, (wait_ms % 1000) * 1000000};
	r = io_getevents(ctx, wait_ms ? 1 : 0, 1, &ev, &limit);
	if (r == 1)
		aio_show_event(label, &ev, cb, 1);
	else
		say("%s: no event yet (%ld)\n", label, r);
}

/* Submits cb and looks for its event at once. */
static inline void aio_one(aio_context_t ctx, struct iocb *cb, const char *label)
{
	aio_one_within(ctx, cb, label, 0);
}

/* The same, waiting up to 5 s for the event: Linux completes an fsync from
 * a workqueue (aio_fsync's schedule_work), a moment after io_submit. */
static inline void aio_one_wait(aio_context_t ctx, struct iocb *cb, const char *label)
{
	aio_one_within(ctx, cb, label, 5000);
}

#endif
