/*
 * async_io.c — asynchronous I/O interfaces, per operation (docs/aio.md,
 * docs/io_uring.md):
 *
 *   io_uring_nop_ns      one IORING_OP_NOP submitted and its completion
 *                        waited for in a single io_uring_enter
 *                        (to_submit 1, min_complete 1, GETEVENTS), the CQ
 *                        head then advanced: the ring's round trip
 *   io_uring_read_4k_ns  the same with IORING_OP_READ of 4 KiB at offset 0
 *                        of a 64 KiB file in /tmp (in the page cache)
 *   aio_read_4k_ns       io_submit of one IOCB_CMD_PREAD of the same 4 KiB,
 *                        then io_getevents for its event
 *
 * Raw system calls, no liburing or libaio. Output: "RESULT <metric>
 * <value>" (or NA), then "done".
 */
#include "bench.h"
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/io_uring.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OPS 20000
#define FILE_PATH "/tmp/async_io.dat"

/* One io_uring with its rings mapped (IORING_FEAT_SINGLE_MMAP: the SQ and
 * CQ rings share one mapping). */
struct ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static int ring_open(struct ring *r, const char *metric)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof p);
	r->fd = (int)syscall(SYS_io_uring_setup, 8, &p);
	if (r->fd < 0) {
		not_available(metric, "io_uring_setup: %s", errno_name(errno));
		return -1;
	}
	size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	size_t len = sq_len > cq_len ? sq_len : cq_len;
	char *sq = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	void *sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || sqes == MAP_FAILED) {
		not_available(metric, "mmap of the rings: %s", errno_name(errno));
		return -1;
	}
	r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(sq + p.sq_off.array);
	r->cq_head = (unsigned *)(sq + p.cq_off.head);
	r->cq_tail = (unsigned *)(sq + p.cq_off.tail);
	r->cq_mask = (unsigned *)(sq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(sq + p.cq_off.cqes);
	r->sqes = sqes;
	return 0;
}

/* Queues sqe, submits it and waits for its completion; its result, or
 * -errno of io_uring_enter. */
static long ring_round_trip(struct ring *r, const struct io_uring_sqe *sqe)
{
	unsigned tail = *r->sq_tail, slot = tail & *r->sq_mask;
	r->sqes[slot] = *sqe;
	r->sq_array[slot] = slot;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	unsigned head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -EAGAIN; /* no completion after a wait for one */
	long res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

static void ring_row(const char *metric, const struct io_uring_sqe *sqe, long want)
{
	struct ring r;
	if (ring_open(&r, metric))
		return;
	double start = 0;
	for (int i = 0; i < OPS + 1; i++) {
		if (i == 1)
			start = now_ns(); /* one warm-up operation */
		long res = ring_round_trip(&r, sqe);
		if (res != want) {
			not_available(metric, "completion %ld, not %ld", res, want);
			close(r.fd);
			return;
		}
	}
	result(metric, (now_ns() - start) / OPS);
	close(r.fd);
}

static void aio_row(int fd, char *buf)
{
	aio_context_t ctx = 0;
	if (syscall(SYS_io_setup, 8, &ctx)) {
		not_available("aio_read_4k_ns", "io_setup: %s", errno_name(errno));
		return;
	}
	struct iocb cb;
	memset(&cb, 0, sizeof cb);
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_fildes = fd;
	cb.aio_buf = (uintptr_t)buf;
	cb.aio_nbytes = 4096;
	struct iocb *list[1] = {&cb};
	struct io_event ev;
	double start = 0;
	for (int i = 0; i < OPS + 1; i++) {
		if (i == 1)
			start = now_ns();
		if (syscall(SYS_io_submit, ctx, 1, list) != 1 || syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL) != 1 ||
		    ev.res != 4096) {
			not_available("aio_read_4k_ns", "io_submit/io_getevents: %s", errno_name(errno));
			syscall(SYS_io_destroy, ctx);
			return;
		}
	}
	result("aio_read_4k_ns", (now_ns() - start) / OPS);
	syscall(SYS_io_destroy, ctx);
}

int main(void)
{
	static char buf[65536] __attribute__((aligned(4096)));
	memset(buf, 'x', sizeof buf);
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
		not_available("io_uring_nop_ns", "test file: %s", errno_name(errno));
		bench_done();
		return 0;
	}

	struct io_uring_sqe nop = {.opcode = IORING_OP_NOP};
	ring_row("io_uring_nop_ns", &nop, 0);
	struct io_uring_sqe read4k = {.opcode = IORING_OP_READ, .fd = fd, .addr = (uintptr_t)buf, .len = 4096};
	ring_row("io_uring_read_4k_ns", &read4k, 4096);
	aio_row(fd, buf);

	close(fd);
	unlink(FILE_PATH);
	bench_done();
	return 0;
}
