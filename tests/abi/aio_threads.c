/*
 * aio_threads.c — native AIO from several threads and a full ring (Linux
 * fs/aio.c): the threads of a process share its contexts; io_getevents
 * sleeping in one thread is woken by a poll another thread completes, and
 * by io_destroy from another thread (EINVAL: the context died with nothing
 * read); the ring wraps around (300 requests through a ring of 127, head
 * and tail modulo nr); requests in flight or unreaped are limited (EAGAIN
 * before nr, Linux's exact count depends on its per-CPU batches, so only
 * the range is shown) and reaping frees the slots again.
 */
#include "aio_test.h"

#include <poll.h>
#include <pthread.h>

static aio_context_t ctx;
static int go[2], data_pipe[2];
static long waiter_ret;
static int waiter_errno;

static void *waiter(void *arg)
{
	(void)arg;
	struct io_event ev[2];
	write(go[1], "w", 1); /* about to wait */
	waiter_ret = io_getevents(ctx, 1, 2, ev, NULL);
	waiter_errno = errno;
	if (waiter_ret == 1)
		say("waiter: event data %llu res %lld\n", (unsigned long long)ev[0].data, (long long)ev[0].res);
	return NULL;
}

int main(void)
{
	pipe(go);
	pipe(data_pipe);
	io_setup(4, &ctx);

	/* a poll completed by another thread's write, reaped by a third thread */
	struct iocb cb;
	memset(&cb, 0, sizeof(cb));
	cb.aio_fildes = (unsigned)data_pipe[0];
	cb.aio_lio_opcode = IOCB_CMD_POLL;
	cb.aio_buf = POLLIN;
	cb.aio_data = 77;
	struct iocb *p = &cb;
	say("submit poll: %ld\n", io_submit(ctx, 1, &p));
	pthread_t t;
	pthread_create(&t, NULL, waiter, NULL);
	char c;
	read(go[0], &c, 1);
	write(data_pipe[1], "d", 1);
	pthread_join(t, NULL);
	say("waiter returned %ld\n", waiter_ret);
	read(data_pipe[0], &c, 1);

	/* io_destroy wakes a sleeper */
	pthread_create(&t, NULL, waiter, NULL);
	read(go[0], &c, 1);
	/* the waiter may not sleep yet: either way it finds the context dead */
	say("io_destroy: %ld\n", io_destroy(ctx));
	pthread_join(t, NULL);
	say("waiter after io_destroy: %s\n", waiter_ret < 0 ? errname(waiter_errno) : "returned events");

	/* wrap-around */
	ctx = 0;
	io_setup(32, &ctx);
	struct aio_ring *ring = (struct aio_ring *)ctx;
	int fd = open("/tmp/aio_threads", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	long sum = 0, bad = 0;
	for (int i = 0; i < 300; i++) {
		char b[2];
		memset(&cb, 0, sizeof(cb));
		cb.aio_fildes = (unsigned)fd;
		cb.aio_lio_opcode = IOCB_CMD_PREAD;
		cb.aio_buf = (uintptr_t)b;
		cb.aio_nbytes = 1;
		cb.aio_offset = i % 10;
		cb.aio_data = (unsigned)i;
		p = &cb;
		if (io_submit(ctx, 1, &p) != 1)
			bad++;
		struct io_event ev;
		if (io_getevents(ctx, 1, 1, &ev, NULL) != 1 || ev.data != (unsigned)i || ev.res != 1)
			bad++;
		sum += b[0] - '0';
	}
	say("300 requests: %ld bad, digits sum %ld, ring nr %u head %u tail %u\n", bad, sum, ring->nr, ring->head,
	    ring->tail);

	/* fill it */
	static struct iocb many[200];
	static struct iocb *ptrs[200];
	char b[200];
	for (int i = 0; i < 200; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		many[i].aio_fildes = (unsigned)fd;
		many[i].aio_lio_opcode = IOCB_CMD_PREAD;
		many[i].aio_buf = (uintptr_t)&b[i];
		many[i].aio_nbytes = 1;
		ptrs[i] = &many[i];
	}
	long n = io_submit(ctx, 200, ptrs);
	say("batch of 200 into a ring of %u: %s\n", ring->nr, n >= 100 && n < (long)ring->nr ? "stops before nr" : "?");
	say("one more: %s\n", io_submit(ctx, 1, ptrs) < 0 ? errname(errno) : "ok");
	static struct io_event evs[200];
	long got = io_getevents(ctx, n, 200, evs, NULL);
	say("reaped all: %d\n", got == n);
	say("after reaping: %ld\n", io_submit(ctx, 1, ptrs));
	say("io_destroy: %ld\n", io_destroy(ctx));
	say("done\n");
	return 0;
}
