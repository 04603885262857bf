/*
 * aio_rw.c — io_submit's reads, writes and syncs on a tmpfs file (Linux
 * fs/aio.c): PWRITE, PREAD, PWRITEV, PREADV and FSYNC/FDSYNC complete with
 * their result in the event (data and obj from the iocb, res2 0), aio_key
 * is written 0; the I/O's own errors are the event's (EFAULT, a read past
 * the end is 0), the checks before it io_submit's: EBADF (no fd, wrong
 * access mode), EINVAL (aio_reserved2, negative nbytes or offset, NOOP,
 * unknown opcode, fsync with a buffer, more than UIO_MAXIOV segments, a
 * file with read but no read_iter: timerfd), EOPNOTSUPP (RWF_NOWAIT,
 * unknown RWF_*), EFAULT (iocb or the array); IOCB_FLAG_IOPRIO's priority
 * is checked as ioprio_set's (EINVAL for an unknown class). A batch stops at the first
 * bad iocb and returns how many went in (or that error if none).
 * IOCB_FLAG_RESFD adds 1 to an eventfd per completion (EBADF, EINVAL for a
 * non-eventfd). The ring is reaped from user space as libaio does (head and
 * tail read, head moved), and io_getevents sees only what is left; its
 * errors: min_nr > nr or < 0, unknown context EINVAL, bad timeout EFAULT,
 * bad events array EFAULT. A pipe's reads ignore the offset.
 */
#include "aio_test.h"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>

static struct iocb mk(int fd, int op, void *buf, size_t n, long long off, unsigned long long data)
{
	struct iocb cb;
	memset(&cb, 0, sizeof(cb));
	cb.aio_fildes = (unsigned)fd;
	cb.aio_lio_opcode = (unsigned short)op;
	cb.aio_buf = (uintptr_t)buf;
	cb.aio_nbytes = n;
	cb.aio_offset = off;
	cb.aio_data = data;
	cb.aio_key = 1234;
	return cb;
}

int main(void)
{
	aio_context_t ctx = 0;
	if (io_setup(16, &ctx) < 0)
		return say("io_setup: %s\n", errname(errno)), 1;
	struct aio_ring *ring = (struct aio_ring *)ctx;
	int fd = open("/tmp/aio_rw", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[64];

	struct iocb cb = mk(fd, IOCB_CMD_PWRITE, "hello, world", 12, 0, 11);
	aio_one(ctx, &cb, "pwrite");
	say("aio_key after submit: %u\n", cb.aio_key);
	memset(buf, 0, sizeof(buf));
	cb = mk(fd, IOCB_CMD_PREAD, buf, 5, 7, 12);
	aio_one(ctx, &cb, "pread");
	say("  read '%s'\n", buf);
	cb = mk(fd, IOCB_CMD_PREAD, buf, 5, 100, 13);
	aio_one(ctx, &cb, "pread past end");
	cb = mk(fd, IOCB_CMD_PREAD, (void *)8, 5, 0, 14);
	aio_one(ctx, &cb, "pread to bad buffer");
	struct iovec wv[2] = {{"ABC", 3}, {"defg", 4}};
	cb = mk(fd, IOCB_CMD_PWRITEV, wv, 2, 20, 15);
	aio_one(ctx, &cb, "pwritev");
	char a[4] = {0}, b[8] = {0};
	struct iovec rv[2] = {{a, 3}, {b, 7}};
	cb = mk(fd, IOCB_CMD_PREADV, rv, 2, 18, 16);
	aio_one(ctx, &cb, "preadv");
	say("  read '%s' '%s'\n", a, b);
	say("file size %ld, position %ld\n", (long)lseek(fd, 0, SEEK_END),
	    (long)(lseek(fd, 0, SEEK_SET), lseek(fd, 0, SEEK_CUR)));
	cb = mk(fd, IOCB_CMD_FSYNC, NULL, 0, 0, 17);
	aio_one_wait(ctx, &cb, "fsync");
	cb = mk(fd, IOCB_CMD_FDSYNC, NULL, 0, 0, 18);
	aio_one_wait(ctx, &cb, "fdsync");

	/* errors io_submit reports */
	cb = mk(fd, IOCB_CMD_FSYNC, buf, 0, 0, 0);
	aio_one(ctx, &cb, "fsync with buffer");
	cb = mk(fd, IOCB_CMD_NOOP, NULL, 0, 0, 0);
	aio_one(ctx, &cb, "noop");
	cb = mk(fd, 42, NULL, 0, 0, 0);
	aio_one(ctx, &cb, "opcode 42");
	cb = mk(99, IOCB_CMD_PREAD, buf, 5, 0, 0);
	aio_one(ctx, &cb, "bad fd");
	cb.aio_reserved2 = 1;
	aio_one(ctx, &cb, "bad fd and reserved2");
	cb = mk(fd, IOCB_CMD_PREAD, buf, (size_t)-1, 0, 0);
	aio_one(ctx, &cb, "negative nbytes");
	cb = mk(fd, IOCB_CMD_PREAD, buf, 5, -1, 0);
	aio_one(ctx, &cb, "negative offset");
	cb = mk(fd, IOCB_CMD_PREAD, buf, 5, 0, 0);
	cb.aio_rw_flags = RWF_NOWAIT;
	aio_one(ctx, &cb, "RWF_NOWAIT");
	cb.aio_rw_flags = 0x1000;
	aio_one(ctx, &cb, "unknown RWF");
	cb.aio_rw_flags = RWF_HIPRI;
	aio_one(ctx, &cb, "RWF_HIPRI");
	cb.aio_rw_flags = 0;
	cb.aio_flags = 1 << 1; /* IOCB_FLAG_IOPRIO */
	cb.aio_reqprio = 7 << 13;
	aio_one(ctx, &cb, "IOPRIO class 7");
	cb.aio_reqprio = 3 << 13;
	aio_one(ctx, &cb, "IOPRIO idle");
	cb.aio_reqprio = 5;
	aio_one(ctx, &cb, "IOPRIO class none level 5");
	cb = mk(fd, IOCB_CMD_PREADV, rv, 2000, 0, 0);
	aio_one(ctx, &cb, "preadv 2000 segments");
	cb = mk(fd, IOCB_CMD_PREADV, (void *)8, 2, 0, 0);
	aio_one(ctx, &cb, "preadv bad iovec");
	cb = mk(fd, IOCB_CMD_PREAD, (void *)-4096L, 5, 0, 0);
	aio_one(ctx, &cb, "pread kernel buffer");
	int ro = open("/tmp/aio_rw", O_RDONLY);
	cb = mk(ro, IOCB_CMD_PWRITE, "x", 1, 0, 0);
	aio_one(ctx, &cb, "pwrite read-only fd");
	int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	uint64_t ticks;
	cb = mk(tfd, IOCB_CMD_PREAD, &ticks, 8, 0, 0);
	aio_one(ctx, &cb, "pread timerfd");
	struct iocb *bad = (struct iocb *)8;
	say("iocb at bad address: %s\n", io_submit(ctx, 1, &bad) < 0 ? errname(errno) : "ok");
	say("bad iocb array: %s\n", io_submit(ctx, 1, (struct iocb **)8) < 0 ? errname(errno) : "ok");
	say("nr 0: %ld\n", io_submit(ctx, 0, &bad));
	say("nr -1: %s\n", io_submit(ctx, -1, &bad) < 0 ? errname(errno) : "ok");
	say("unknown context: %s\n", io_submit(ctx + 4096, 1, &bad) < 0 ? errname(errno) : "ok");

	/* a pipe: the offset means nothing */
	int p[2];
	pipe(p);
	write(p[1], "pipe!", 5);
	memset(buf, 0, sizeof(buf));
	cb = mk(p[0], IOCB_CMD_PREAD, buf, sizeof(buf), 12345, 19);
	aio_one(ctx, &cb, "pipe pread");
	say("  read '%s'\n", buf);

	/* eventfd notification */
	int efd = eventfd(0, EFD_NONBLOCK);
	cb = mk(fd, IOCB_CMD_PREAD, buf, 3, 0, 20);
	cb.aio_flags = IOCB_FLAG_RESFD;
	cb.aio_resfd = (unsigned)efd;
	aio_one(ctx, &cb, "pread with RESFD");
	uint64_t v = 0;
	say("eventfd read: %zd value %llu\n", read(efd, &v, 8), (unsigned long long)v);
	cb.aio_resfd = 99;
	aio_one(ctx, &cb, "RESFD bad fd");
	cb.aio_resfd = (unsigned)p[0];
	aio_one(ctx, &cb, "RESFD on a pipe");

	/* a batch: three good, then a bad fd, then a good one */
	struct iocb batch[5];
	struct iocb *ptrs[5];
	char bb[5][4];
	for (int i = 0; i < 5; i++) {
		batch[i] = mk(i == 3 ? 99 : fd, IOCB_CMD_PREAD, bb[i], 3, i, 100 + (unsigned)i);
		ptrs[i] = &batch[i];
	}
	say("batch with bad 4th: %ld\n", io_submit(ctx, 5, ptrs));
	say("batch from the bad one: %s\n", io_submit(ctx, 2, ptrs + 3) < 0 ? errname(errno) : "ok");
	say("ring: nr %u head %u tail %u\n", ring->nr, ring->head, ring->tail);

	/* reap two from user space, as libaio does */
	unsigned head = ring->head, tail = ring->tail;
	for (int i = 0; i < 2 && head != tail; i++) {
		aio_show_event("user reaped", &ring->events[head], batch, 5);
		head = (head + 1) % ring->nr;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	struct io_event evs[8];
	long n = io_getevents(ctx, 1, 8, evs, NULL);
	say("io_getevents after user reaping: %ld\n", n);
	for (long i = 0; i < n; i++)
		aio_show_event("  got", &evs[i], batch, 5);
	say("ring: head %u tail %u\n", ring->head, ring->tail);

	struct timespec zero = {0, 0};
	say("min_nr > nr: %s\n", io_getevents(ctx, 2, 1, evs, &zero) < 0 ? errname(errno) : "ok");
	say("min_nr < 0: %s\n", io_getevents(ctx, -1, 1, evs, &zero) < 0 ? errname(errno) : "ok");
	say("unknown context: %s\n", io_getevents(ctx + 1, 0, 1, evs, &zero) < 0 ? errname(errno) : "ok");
	say("bad timeout: %s\n", io_getevents(ctx, 0, 1, evs, (struct timespec *)8) < 0 ? errname(errno) : "ok");
	say("nothing, no wait: %ld\n", io_getevents(ctx, 0, 8, evs, &zero));
	say("nothing, min 0 no timeout: %ld\n", io_getevents(ctx, 0, 8, evs, NULL));
	cb = mk(fd, IOCB_CMD_PREAD, buf, 3, 0, 21);
	struct iocb *one = &cb;
	io_submit(ctx, 1, &one);
	say("events to bad address: %s\n",
	    io_getevents(ctx, 1, 1, (struct io_event *)8, NULL) < 0 ? errname(errno) : "ok");
	say("then: %ld\n", io_getevents(ctx, 1, 1, evs, NULL));
	say("io_destroy: %ld\n", io_destroy(ctx));
	say("done\n");
	return 0;
}
