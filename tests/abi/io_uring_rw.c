/*
 * io_uring_rw.c — io_uring's file requests on a tmpfs file (Linux
 * io_uring/rw.c, sync.c, openclose.c, statx.c, rsrc.c): WRITE, READ,
 * WRITEV, READV at an offset and at the file position (off -1: RW_CUR_POS,
 * the position moves), READ_FIXED and WRITE_FIXED inside a registered
 * buffer (EFAULT outside it, or past the buffers at submission; only
 * writable mappings register: EFAULT for a hole, a read-only mapping or
 * kernel memory), FSYNC,
 * registered files (IOSQE_FIXED_FILE, EBADF for an empty slot), their
 * errors in the CQE (EBADF, EFAULT, EINVAL for a negative offset); a
 * registered eventfd counting CQEs (and not while IORING_CQ_EVENTFD_DISABLED);
 * OPENAT, STATX, CLOSE (EBADF for the ring itself); linked requests (a
 * failure cancels the rest, a hard link goes on; a prep error fails the
 * whole chain), IO_DRAIN, CQE_SKIP_SUCCESS; a full CQ ring's overflow
 * (IORING_SQ_CQ_OVERFLOW, then flushed by io_uring_enter).
 */
#include "uring_test.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

int main(void)
{
	struct ring r;
	if (ring_init(&r, 8, 0))
		return 1;
	int fd = open("/tmp/uring_rw", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[64];
	int ret;

	struct u_sqe *s = sqe_get(&r, OP_WRITE, fd, 1);
	s->addr = (uintptr_t) "hello, world";
	s->len = 12;
	submit_wait(&r, 1, 1, "write");
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, fd, 2);
	s->addr = (uintptr_t)buf;
	s->len = 5;
	s->off = 7;
	submit_wait(&r, 1, 1, "read at 7");
	say("  '%s'\n", buf);
	s = sqe_get(&r, OP_READ, fd, 3);
	s->addr = (uintptr_t)buf;
	s->len = 5;
	s->off = 100;
	submit_wait(&r, 1, 1, "read past end");
	s = sqe_get(&r, OP_READ, fd, 4);
	s->addr = 8;
	s->len = 5;
	submit_wait(&r, 1, 1, "read to a bad buffer");
	s = sqe_get(&r, OP_READ, fd, 5);
	s->addr = (uintptr_t)buf;
	s->len = 5;
	s->off = (uint64_t)-5;
	submit_wait(&r, 1, 1, "read at -5");
	s = sqe_get(&r, OP_READ, 9999, 6);
	s->addr = (uintptr_t)buf;
	s->len = 5;
	submit_wait(&r, 1, 1, "read of a bad fd");
	int ro = open("/tmp/uring_rw", O_RDONLY);
	s = sqe_get(&r, OP_WRITE, ro, 7);
	s->addr = (uintptr_t)buf;
	s->len = 1;
	submit_wait(&r, 1, 1, "write to a read-only fd");

	/* the file position: off -1 */
	lseek(fd, 0, SEEK_SET);
	for (int i = 0; i < 2; i++) {
		memset(buf, 0, sizeof buf);
		s = sqe_get(&r, OP_READ, fd, 10 + i);
		s->addr = (uintptr_t)buf;
		s->len = 4;
		s->off = (uint64_t)-1;
		submit_wait(&r, 1, 1, "read at the position");
		say("  '%s' pos %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
	}

	/* vectors */
	struct iovec wv[2] = {{"ABC", 3}, {"defg", 4}};
	s = sqe_get(&r, OP_WRITEV, fd, 20);
	s->addr = (uintptr_t)wv;
	s->len = 2;
	s->off = 20;
	submit_wait(&r, 1, 1, "writev at 20");
	char a[4] = {0}, b[8] = {0};
	struct iovec rv[2] = {{a, 2}, {b, 5}};
	s = sqe_get(&r, OP_READV, fd, 21);
	s->addr = (uintptr_t)rv;
	s->len = 2;
	s->off = 20;
	submit_wait(&r, 1, 1, "readv at 20");
	say("  '%s' '%s'\n", a, b);
	s = sqe_get(&r, OP_READV, fd, 22);
	s->addr = (uintptr_t)rv;
	s->len = 1025;
	submit_wait(&r, 1, 1, "readv of 1025 segments");

	/* fsync */
	s = sqe_get(&r, OP_FSYNC, fd, 30);
	submit_wait(&r, 1, 1, "fsync");
	s = sqe_get(&r, OP_FSYNC, fd, 31);
	s->op_flags = 1;
	submit_wait(&r, 1, 1, "fdatasync");
	s = sqe_get(&r, OP_FSYNC, fd, 32);
	s->op_flags = 2;
	submit_wait(&r, 1, 1, "fsync unknown flag");
	int pfd[2];
	pipe(pfd);
	s = sqe_get(&r, OP_FSYNC, pfd[0], 33);
	submit_wait(&r, 1, 1, "fsync of a pipe");

	/* fixed buffers */
	char(*fixed)[4096] = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec bufs[2] = {{fixed[0], 4096}, {fixed[1], 100}};
	say("register buffers: %s\n", u_register(r.fd, REG_BUFFERS, bufs, 2) < 0 ? errname(errno) : "ok");
	say("register buffers again: %s\n", u_register(r.fd, REG_BUFFERS, bufs, 2) < 0 ? errname(errno) : "ok");
	s = sqe_get(&r, OP_READ_FIXED, fd, 40);
	s->addr = (uintptr_t)fixed[1];
	s->len = 12;
	s->buf_index = 1;
	submit_wait(&r, 1, 1, "read fixed");
	say("  '%.12s'\n", fixed[1]);
	memcpy(fixed[0] + 10, "FIXED", 5);
	s = sqe_get(&r, OP_WRITE_FIXED, fd, 41);
	s->addr = (uintptr_t)(fixed[0] + 10);
	s->len = 5;
	s->off = 0;
	submit_wait(&r, 1, 1, "write fixed");
	s = sqe_get(&r, OP_READ_FIXED, fd, 42);
	s->addr = (uintptr_t)fixed[1];
	s->len = 101;
	s->buf_index = 1;
	submit_wait(&r, 1, 1, "read fixed past its buffer");
	s = sqe_get(&r, OP_READ_FIXED, fd, 43);
	s->addr = (uintptr_t)fixed[1];
	s->len = 1;
	s->buf_index = 2;
	submit_wait(&r, 1, 1, "read fixed of buffer 2");
	say("unregister buffers: %d\n", u_register(r.fd, UNREG_BUFFERS, NULL, 0));
	/* what can be registered: writable mappings, shared tmpfs too */
	char *hole = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole + 4096, 4096);
	char *ro_map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct iovec cases[4] = {{hole, 8192}, {ro_map, 4096}, {shared, 4096}, {(void *)0xffff000000000000ul, 4096}};
	static const char *const names[4] = {"a range with a hole", "a read-only mapping", "a shared tmpfs mapping",
					     "kernel memory"};
	for (int i = 0; i < 4; i++) {
		ret = u_register(r.fd, REG_BUFFERS, &cases[i], 1);
		say("register %s: %s\n", names[i], ret < 0 ? errname(errno) : "ok");
		if (ret == 0)
			u_register(r.fd, UNREG_BUFFERS, NULL, 0);
	}
	pread(fd, buf, 12, 0);
	say("file now '%.12s'\n", buf);

	/* registered files */
	int files[3] = {-1, fd, pfd[1]};
	say("register files: %d\n", u_register(r.fd, REG_FILES, files, 3));
	say("register files again: %s\n", u_register(r.fd, REG_FILES, files, 3) < 0 ? errname(errno) : "ok");
	close(fd);
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, 1, 50);
	s->flags = SQE_FIXED_FILE;
	s->addr = (uintptr_t)buf;
	s->len = 5;
	s->off = 0;
	submit_wait(&r, 1, 1, "read of fixed file 1 (closed fd)");
	say("  '%s'\n", buf);
	s = sqe_get(&r, OP_READ, 0, 51);
	s->flags = SQE_FIXED_FILE;
	s->addr = (uintptr_t)buf;
	s->len = 5;
	submit_wait(&r, 1, 1, "read of empty slot 0");
	s = sqe_get(&r, OP_READ, 3, 52);
	s->flags = SQE_FIXED_FILE;
	s->addr = (uintptr_t)buf;
	s->len = 5;
	submit_wait(&r, 1, 1, "read of slot 3");
	s = sqe_get(&r, OP_OPENAT, AT_FDCWD, 53);
	s->flags = SQE_FIXED_FILE;
	submit_wait(&r, 1, 1, "openat with fixed file");
	say("unregister files: %d\n", u_register(r.fd, UNREG_FILES, NULL, 0));

	/* eventfd */
	int efd = eventfd(0, EFD_NONBLOCK);
	say("register eventfd: %d\n", u_register(r.fd, REG_EVENTFD, &efd, 1));
	say("register eventfd again: %s\n", u_register(r.fd, REG_EVENTFD, &efd, 1) < 0 ? errname(errno) : "ok");
	sqe_get(&r, OP_NOP, -1, 60);
	sqe_get(&r, OP_NOP, -1, 61);
	submit_wait(&r, 2, 2, "two nops");
	uint64_t cnt = 0;
	say("eventfd: %zd %llu\n", read(efd, &cnt, 8), (unsigned long long)cnt);
	*(unsigned *)(r.cq + r.p.cq_off.flags) = 1;
	sqe_get(&r, OP_NOP, -1, 62);
	submit_wait(&r, 1, 1, "nop, eventfd disabled");
	cnt = 0;
	ssize_t n = read(efd, &cnt, 8);
	say("eventfd: %zd %s\n", n, n < 0 ? errname(errno) : "");
	*(unsigned *)(r.cq + r.p.cq_off.flags) = 0;
	say("unregister eventfd: %d\n", u_register(r.fd, UNREG_EVENTFD, NULL, 0));

	/* openat, statx, close */
	s = sqe_get(&r, OP_OPENAT, AT_FDCWD, 70);
	s->addr = (uintptr_t) "/tmp/uring_rw";
	s->op_flags = O_RDONLY;
	ret = u_enter(r.fd, 1, 1, ENTER_GETEVENTS, NULL, 0);
	struct u_cqe *c = &r.cqes[*r.cq_head & *r.cq_mask];
	int nfd = c->res;
	say("openat: enter %d res ok %d\n", ret, nfd >= 0);
	(*r.cq_head)++;
	memset(buf, 0, sizeof buf);
	say("  read %zd '%.5s'\n", read(nfd, buf, 5), buf);
	s = sqe_get(&r, OP_OPENAT, AT_FDCWD, 71);
	s->addr = (uintptr_t) "/tmp/no/such";
	submit_wait(&r, 1, 1, "openat of a missing file");
	unsigned char stx[256]; /* struct statx: mode (u16) at 28, size (u64) at 40 */
	memset(stx, 0, sizeof stx);
	s = sqe_get(&r, OP_STATX, AT_FDCWD, 72);
	s->addr = (uintptr_t) "/tmp/uring_rw";
	s->len = 0x200; /* STATX_SIZE */
	s->off = (uintptr_t)stx;
	submit_wait(&r, 1, 1, "statx");
	uint64_t size;
	uint16_t mode;
	memcpy(&size, stx + 40, 8);
	memcpy(&mode, stx + 28, 2);
	say("  size %llu mode %o\n", (unsigned long long)size, mode & 0777);
	s = sqe_get(&r, OP_CLOSE, nfd, 73);
	submit_wait(&r, 1, 1, "close");
	say("  fcntl after: %s\n", fcntl(nfd, F_GETFD) < 0 ? errname(errno) : "open");
	s = sqe_get(&r, OP_CLOSE, nfd, 74);
	submit_wait(&r, 1, 1, "close again");
	s = sqe_get(&r, OP_CLOSE, r.fd, 75);
	submit_wait(&r, 1, 1, "close of the ring");
	s = sqe_get(&r, OP_CLOSE, nfd, 76);
	s->len = 1;
	submit_wait(&r, 1, 1, "close with len");

	/* links */
	fd = open("/tmp/uring_rw", O_RDWR);
	s = sqe_get(&r, OP_WRITE, fd, 80);
	s->addr = (uintptr_t) "link";
	s->len = 4;
	s->flags = SQE_IO_LINK;
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, fd, 81);
	s->addr = (uintptr_t)buf;
	s->len = 4;
	s->flags = SQE_IO_LINK;
	sqe_get(&r, OP_NOP, -1, 82);
	submit_wait(&r, 3, 3, "write, read, nop linked");
	say("  '%s'\n", buf);
	s = sqe_get(&r, OP_READ, 9999, 83);
	s->addr = (uintptr_t)buf;
	s->len = 4;
	s->flags = SQE_IO_LINK;
	s = sqe_get(&r, OP_NOP, -1, 84);
	s->flags = SQE_IO_LINK;
	sqe_get(&r, OP_NOP, -1, 85);
	submit_wait(&r, 3, 3, "failing read, nop, nop linked");
	s = sqe_get(&r, OP_READ, 9999, 86);
	s->addr = (uintptr_t)buf;
	s->len = 4;
	s->flags = SQE_IO_HARDLINK;
	sqe_get(&r, OP_NOP, -1, 87);
	submit_wait(&r, 2, 2, "failing read, nop hard-linked");
	s = sqe_get(&r, OP_READ, fd, 88);
	s->addr = (uintptr_t)buf;
	s->len = 60;
	s->flags = SQE_IO_LINK;
	sqe_get(&r, OP_NOP, -1, 89);
	submit_wait(&r, 2, 2, "short read, nop linked");
	s = sqe_get(&r, OP_NOP, -1, 90);
	s->flags = SQE_IO_LINK;
	s = sqe_get(&r, OP_NOP, -1, 91);
	s->flags = SQE_IO_LINK | 0x80;
	sqe_get(&r, OP_NOP, -1, 92);
	sqe_get(&r, OP_NOP, -1, 93);
	submit_wait(&r, 4, 3, "nop, bad nop, nop linked, then a nop");
	cqe_drain(&r);
	s = sqe_get(&r, OP_NOP, -1, 94);
	s->flags = SQE_IO_LINK;
	submit_wait(&r, 1, 1, "a link at the end of the submission");

	/* drain, skip success */
	sqe_get(&r, OP_NOP, -1, 95);
	s = sqe_get(&r, OP_NOP, -1, 96);
	s->flags = SQE_IO_DRAIN;
	sqe_get(&r, OP_NOP, -1, 97);
	submit_wait(&r, 3, 3, "nop, drained nop, nop");
	s = sqe_get(&r, OP_NOP, -1, 98);
	s->flags = SQE_CQE_SKIP;
	sqe_get(&r, OP_NOP, -1, 99);
	submit_wait(&r, 2, 1, "skipped nop, nop");
	s = sqe_get(&r, OP_NOP, -1, 100);
	s->flags = SQE_IO_DRAIN;
	submit_wait(&r, 1, 1, "drain after a skip");

	/* overflow: 16 CQEs fit */
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 8; j++)
			sqe_get(&r, OP_NOP, -1, 200 + i * 8 + j), u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("after 24 nops: tail-head %u overflow flag %u cq_overflow %u\n", *r.cq_tail - *r.cq_head,
	    !!(*r.sq_flags & SQ_CQ_OVERFLOW), *r.cq_overflow);
	say("reaped %d\n", cqe_drain(&r));
	ret = u_enter(r.fd, 0, 0, ENTER_GETEVENTS, NULL, 0);
	say("enter: %d tail-head %u overflow flag %u\n", ret, *r.cq_tail - *r.cq_head,
	    !!(*r.sq_flags & SQ_CQ_OVERFLOW));
	say("reaped %d\n", cqe_drain(&r));
	close(r.fd);
	unlink("/tmp/uring_rw");
	done();
	return 0;
}
