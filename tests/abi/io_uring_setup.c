/*
 * io_uring_setup.c — io_uring_setup's checks and the ring it describes
 * (Linux io_uring/io_uring.c io_uring_setup, io_uring_create,
 * io_allocate_scq_urings, io_uring_mmap): EFAULT for the params, EINVAL
 * for a non-zero resv, an unknown flag, 0 or too many entries (unless
 * CLAMP), a bad CQSIZE, TASKRUN_FLAG without COOP_TASKRUN; the sizes
 * rounded to powers of two (CQ twice the SQ), the ring offsets, the
 * features LevitateOS builds (the rest are not printed), the fd's name and
 * O_CLOEXEC; mmap of the three offsets (ENOMEM elsewhere, as the oracle
 * answers; a mapping larger than the block is allowed); NOP round trips,
 * an unknown opcode's -EINVAL CQE ending the submission (SUBMIT_ALL goes
 * on), a bad SQ index counted in sq_dropped; io_uring_enter's and
 * io_uring_register's errors; REGISTER_PROBE (the opcodes built).
 */
#include "uring_test.h"

#include <fcntl.h>

static void setup_err(const char *what, unsigned entries, struct u_params *p)
{
	int fd = u_setup(entries, p);
	if (fd >= 0) {
		say("%s: ok sq %u cq %u\n", what, p->sq_entries, p->cq_entries);
		close(fd);
	} else {
		say("%s: %s\n", what, errname(errno));
	}
}

int main(void)
{
	struct u_params p;
	setup_err("bad params", 4, (struct u_params *)8);
	memset(&p, 0, sizeof(p));
	p.resv[1] = 1;
	setup_err("resv", 4, &p);
	memset(&p, 0, sizeof(p));
	p.flags = 1u << 20;
	setup_err("unknown flag", 4, &p);
	memset(&p, 0, sizeof(p));
	setup_err("0 entries", 0, &p);
	memset(&p, 0, sizeof(p));
	setup_err("32769 entries", 32769, &p);
	memset(&p, 0, sizeof(p));
	p.flags = SETUP_CLAMP;
	setup_err("32769 clamped", 32769, &p);
	unsigned sizes[] = {1, 3, 5, 100, 4096};
	for (unsigned i = 0; i < 5; i++) {
		memset(&p, 0, sizeof(p));
		char what[32];
		snprintf(what, sizeof what, "%u entries", sizes[i]);
		setup_err(what, sizes[i], &p);
	}
	memset(&p, 0, sizeof(p));
	p.flags = SETUP_CQSIZE;
	setup_err("cqsize 0", 4, &p);
	p.cq_entries = 2;
	setup_err("cqsize 2 < sq 4", 4, &p);
	p.cq_entries = 100;
	setup_err("cqsize 100", 4, &p);
	p.cq_entries = 65537;
	setup_err("cqsize 65537", 4, &p);
	p.flags = SETUP_CQSIZE | SETUP_CLAMP;
	p.cq_entries = 65537;
	setup_err("cqsize 65537 clamped", 4, &p);
	memset(&p, 0, sizeof(p));
	p.flags = SETUP_TASKRUN_FLAG;
	setup_err("taskrun flag alone", 4, &p);

	struct ring r;
	if (ring_init(&r, 8, 0))
		return 1;
	say("sq_off head %u tail %u mask %u entries %u flags %u dropped %u array %u\n", r.p.sq_off.head,
	    r.p.sq_off.tail, r.p.sq_off.ring_mask, r.p.sq_off.ring_entries, r.p.sq_off.flags, r.p.sq_off.dropped,
	    r.p.sq_off.array);
	say("cq_off head %u tail %u mask %u entries %u overflow %u cqes %u flags %u\n", r.p.cq_off.head,
	    r.p.cq_off.tail, r.p.cq_off.ring_mask, r.p.cq_off.ring_entries, r.p.cq_off.overflow, r.p.cq_off.cqes,
	    r.p.cq_off.flags);
	say("features built: %s\n", (r.p.features & FEATURES_BUILT) == FEATURES_BUILT ? "all" : "missing");
	say("ring values: sq mask %u entries %u cq mask %u entries %u\n", *r.sq_mask,
	    *(unsigned *)(r.sq + r.p.sq_off.ring_entries), *r.cq_mask, *(unsigned *)(r.cq + r.p.cq_off.ring_entries));
	char link[64], path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", r.fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	say("fd link %s cloexec %d accmode %d\n", link, !!(fcntl(r.fd, F_GETFD) & FD_CLOEXEC),
	    fcntl(r.fd, F_GETFL) & O_ACCMODE);

	/* mmap */
	void *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, r.fd, OFF_CQ_RING);
	say("mmap cq ring: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	if (m != MAP_FAILED)
		say("  same ring: %d\n", *(unsigned *)((char *)m + r.p.cq_off.ring_entries) == r.p.cq_entries);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, r.fd, 0x4000);
	say("mmap other offset: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	m = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, r.fd, OFF_SQES);
	say("mmap sqes too large: %s\n", m == MAP_FAILED ? errname(errno) : "ok");

	/* NOPs */
	sqe_get(&r, OP_NOP, -1, 1);
	sqe_get(&r, OP_NOP, -1, 2);
	submit_wait(&r, 2, 2, "two nops");
	say("sq head %u\n", *r.sq_head);
	submit_wait(&r, 4, 0, "nothing queued");
	sqe_get(&r, 200, -1, 3);
	sqe_get(&r, OP_NOP, -1, 4);
	submit_wait(&r, 2, 1, "unknown opcode then nop");
	submit_wait(&r, 1, 1, "the nop left");
	struct u_sqe *s = sqe_get(&r, OP_NOP, -1, 5);
	s->flags = 0x80;
	submit_wait(&r, 1, 1, "unknown sqe flag");
	s = sqe_get(&r, OP_NOP, -1, 6);
	s->ioprio = 1;
	submit_wait(&r, 1, 1, "nop with ioprio");
	s = sqe_get(&r, OP_NOP, 12345, 7);
	submit_wait(&r, 1, 1, "nop with a bad fd");
	/* a bad index in the SQ array */
	unsigned tail = *r.sq_tail;
	r.sq_array[tail & *r.sq_mask] = 1000;
	*r.sq_tail = tail + 1;
	int ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("bad sq index: enter %d dropped %u head %u\n", ret, *r.sq_dropped, *r.sq_head);

	/* enter's errors */
	ret = u_enter(r.fd, 0, 0, 1u << 7, NULL, 0);
	say("enter unknown flag: %s\n", ret < 0 ? errname(errno) : "ok");
	ret = u_enter(12345, 0, 0, 0, NULL, 0);
	say("enter bad fd: %s\n", ret < 0 ? errname(errno) : "ok");
	ret = u_enter(0, 0, 0, 0, NULL, 0);
	say("enter not a ring: %s\n", ret < 0 ? errname(errno) : "ok");
	ret = u_enter(r.fd, 0, 0, ENTER_GETEVENTS | ENTER_EXT_ARG, NULL, 8);
	say("ext arg bad size: %s\n", ret < 0 ? errname(errno) : "ok");
	ret = u_enter(r.fd, 0, 0, ENTER_GETEVENTS, (void *)8, 8);
	say("bad sigmask, nothing to wait for: %d\n", ret);
	ret = u_enter(r.fd, 0, 1, ENTER_GETEVENTS, (void *)8, 8);
	say("bad sigmask: %s\n", ret < 0 ? errname(errno) : "ok");
	struct {
		uint64_t sigmask;
		uint32_t sz, pad;
		uint64_t ts;
	} arg = {0, 0, 0, 0};
	struct timespec ts = {0, 20000000};
	arg.ts = (uintptr_t)&ts;
	ret = u_enter(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg, sizeof arg);
	say("ext arg timeout: %s\n", ret < 0 ? errname(errno) : "ok");

	/* register's errors and the probe */
	say("register unknown: %s\n", u_register(r.fd, 99, NULL, 0) < 0 ? errname(errno) : "ok");
	say("register on a non-ring: %s\n", u_register(0, REG_PROBE, NULL, 0) < 0 ? errname(errno) : "ok");
	say("unregister buffers none: %s\n", u_register(r.fd, UNREG_BUFFERS, NULL, 0) < 0 ? errname(errno) : "ok");
	say("unregister files none: %s\n", u_register(r.fd, UNREG_FILES, NULL, 0) < 0 ? errname(errno) : "ok");
	say("unregister eventfd none: %s\n", u_register(r.fd, UNREG_EVENTFD, NULL, 0) < 0 ? errname(errno) : "ok");
	say("unregister with arg: %s\n", u_register(r.fd, UNREG_FILES, &p, 0) < 0 ? errname(errno) : "ok");
	say("eventfd nr 2: %s\n", u_register(r.fd, REG_EVENTFD, &p, 2) < 0 ? errname(errno) : "ok");
	int bad = 0;
	say("eventfd not an eventfd: %s\n", u_register(r.fd, REG_EVENTFD, &bad, 1) < 0 ? errname(errno) : "ok");
	say("files none: %s\n", u_register(r.fd, REG_FILES, &bad, 0) < 0 ? errname(errno) : "ok");
	int fds[2] = {0, 12345};
	say("files bad fd: %s\n", u_register(r.fd, REG_FILES, fds, 2) < 0 ? errname(errno) : "ok");
	fds[1] = r.fd;
	say("files a ring: %s\n", u_register(r.fd, REG_FILES, fds, 2) < 0 ? errname(errno) : "ok");
	struct iovec iov = {NULL, 0};
	say("buffers none: %s\n", u_register(r.fd, REG_BUFFERS, &iov, 0) < 0 ? errname(errno) : "ok");
	iov.iov_len = 10;
	say("buffers NULL base: %s\n", u_register(r.fd, REG_BUFFERS, &iov, 1) < 0 ? errname(errno) : "ok");
	struct {
		uint8_t last_op, ops_len;
		uint16_t resv;
		uint32_t resv2[3];
		struct {
			uint8_t op, resv;
			uint16_t flags;
			uint32_t resv2;
		} ops[64];
	} probe;
	memset(&probe, 0, sizeof probe);
	say("probe 257: %s\n", u_register(r.fd, REG_PROBE, &probe, 257) < 0 ? errname(errno) : "ok");
	probe.resv = 1;
	say("probe resv: %s\n", u_register(r.fd, REG_PROBE, &probe, 64) < 0 ? errname(errno) : "ok");
	memset(&probe, 0, sizeof probe);
	ret = u_register(r.fd, REG_PROBE, &probe, 64);
	say("probe: %d last_op %u ops_len %u\n", ret, probe.last_op, probe.ops_len);
	static const int built[] = {
		OP_NOP,	     OP_READV,	      OP_WRITEV,  OP_FSYNC,   OP_READ_FIXED, OP_WRITE_FIXED,
		OP_POLL_ADD, OP_POLL_REMOVE,  OP_SENDMSG, OP_RECVMSG, OP_TIMEOUT,    OP_TIMEOUT_REMOVE,
		OP_ACCEPT,   OP_ASYNC_CANCEL, OP_CONNECT, OP_OPENAT,  OP_CLOSE,	     OP_STATX,
		OP_READ,     OP_WRITE,	      OP_SEND,	  OP_RECV};
	for (unsigned i = 0; i < sizeof built / sizeof built[0]; i++)
		say("  op %d: op %u flags %u\n", built[i], probe.ops[built[i]].op, probe.ops[built[i]].flags);
	close(r.fd);

	/* IORING_SETUP_SUBMIT_ALL: a prep error does not end the submission */
	if (ring_init(&r, 4, SETUP_SUBMIT_ALL))
		return 1;
	sqe_get(&r, 200, -1, 1);
	sqe_get(&r, OP_NOP, -1, 2);
	submit_wait(&r, 2, 2, "submit all: unknown opcode then nop");
	close(r.fd);
	done();
	return 0;
}
