/*
 * io_uring_poll.c — io_uring's requests that complete later (Linux
 * io_uring/poll.c, timeout.c, cancel.c, rw.c's poll-armed retry): POLL_ADD
 * on an empty pipe completes when another thread writes (after a
 * handshake), with what is ready; a READ of an empty pipe does not block
 * io_uring_enter and completes with the data written later, even with
 * O_NONBLOCK (a pipe supports IOCB_NOWAIT: Linux waits); TIMEOUT (-ETIME, or 0 once its count of CQEs came),
 * TIMEOUT_REMOVE, POLL_REMOVE and ASYNC_CANCEL (-ECANCELED for the target,
 * 0 or -ENOENT for the canceller, CANCEL_ALL's count); a TIMEOUT expiring
 * ends a wait for more CQEs; a wait's own timeout (EXT_ARG) is -ETIME; a
 * forked child submits through the shared ring; a signal interrupts a wait
 * (EINTR, its handler run under the mask given); poll(2) on the ring fd
 * (woken by a READ completing later);
 * closing the ring with requests pending.
 */
#include "uring_test.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

static int go[2], data[2];

/* Waits for the main thread's go, then writes to the data pipe. */
static void *writer(void *arg)
{
	char c;
	if (read(go[0], &c, 1) != 1)
		return NULL;
	write(data[1], (const char *)arg, strlen((const char *)arg));
	return NULL;
}

static void in_thread(const char *text, pthread_t *t)
{
	pthread_create(t, NULL, writer, (void *)text);
}

static volatile int got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

struct kts {
	long long sec, nsec;
};

int main(void)
{
	struct ring r;
	if (ring_init(&r, 16, 0))
		return 1;
	pipe(go);
	pipe(data);
	pthread_t t;
	char buf[64];

	/* POLL_ADD completing later */
	in_thread("x", &t);
	struct u_sqe *s = sqe_get(&r, OP_POLL_ADD, data[0], 1);
	s->op_flags = POLLIN;
	int ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("poll submitted: %d, cqes %u\n", ret, *r.cq_tail - *r.cq_head);
	write(go[1], "g", 1);
	submit_wait(&r, 0, 1, "poll wait");
	pthread_join(t, NULL);
	s = sqe_get(&r, OP_POLL_ADD, data[0], 2);
	s->op_flags = POLLIN | POLLOUT;
	submit_wait(&r, 1, 1, "poll of a readable pipe");
	s = sqe_get(&r, OP_POLL_ADD, data[1], 3);
	s->op_flags = POLLOUT;
	submit_wait(&r, 1, 1, "poll of the write end");
	read(data[0], buf, sizeof buf);

	/* READ of an empty pipe */
	in_thread("later", &t);
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, data[0], 10);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("read submitted: %d, cqes %u\n", ret, *r.cq_tail - *r.cq_head);
	write(go[1], "g", 1);
	submit_wait(&r, 0, 1, "read wait");
	say("  '%s'\n", buf);
	pthread_join(t, NULL);
	int fl = fcntl(data[0], F_GETFL);
	fcntl(data[0], F_SETFL, fl | O_NONBLOCK);
	in_thread("nonblock", &t);
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, data[0], 11);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("read of an empty O_NONBLOCK pipe submitted: %d, cqes %u\n", ret, *r.cq_tail - *r.cq_head);
	write(go[1], "g", 1);
	submit_wait(&r, 0, 1, "O_NONBLOCK read wait");
	say("  '%s'\n", buf);
	pthread_join(t, NULL);
	fcntl(data[0], F_SETFL, fl);

	/* timeouts */
	struct kts ts = {0, 20000000};
	s = sqe_get(&r, OP_TIMEOUT, -1, 20);
	s->addr = (uintptr_t)&ts;
	s->len = 1;
	submit_wait(&r, 1, 1, "timeout 20ms");
	struct kts ten = {10, 0};
	s = sqe_get(&r, OP_TIMEOUT, -1, 21);
	s->addr = (uintptr_t)&ten;
	s->len = 1;
	s->off = 2;
	sqe_get(&r, OP_NOP, -1, 22);
	sqe_get(&r, OP_NOP, -1, 23);
	submit_wait(&r, 3, 3, "timeout for 2 CQEs, 2 nops");
	s = sqe_get(&r, OP_TIMEOUT, -1, 24);
	s->addr = (uintptr_t)&ten;
	s->len = 2;
	submit_wait(&r, 1, 1, "timeout with len 2");
	s = sqe_get(&r, OP_TIMEOUT, -1, 25);
	s->addr = 8;
	s->len = 1;
	submit_wait(&r, 1, 1, "timeout with a bad timespec");
	s = sqe_get(&r, OP_TIMEOUT, -1, 26);
	s->addr = (uintptr_t)&ten;
	s->len = 1;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	s = sqe_get(&r, OP_TIMEOUT_REMOVE, -1, 27);
	s->addr = 26;
	submit_wait(&r, 1, 2, "timeout_remove");
	s = sqe_get(&r, OP_TIMEOUT_REMOVE, -1, 28);
	s->addr = 26;
	submit_wait(&r, 1, 1, "timeout_remove again");
	/* a timeout ends a wait for more */
	s = sqe_get(&r, OP_TIMEOUT, -1, 29);
	s->addr = (uintptr_t)&ts;
	s->len = 1;
	submit_wait(&r, 1, 5, "wait for 5 with a 20ms timeout request");
	struct {
		uint64_t sigmask;
		uint32_t sz, pad;
		uint64_t ts;
	} arg = {0, 0, 0, (uintptr_t)&ts};
	ret = u_enter(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg, sizeof arg);
	say("wait with a 20ms timeout: %s\n", ret < 0 ? errname(errno) : "ok");

	/* cancels */
	s = sqe_get(&r, OP_POLL_ADD, data[0], 30);
	s->op_flags = POLLIN;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	s = sqe_get(&r, OP_POLL_REMOVE, -1, 31);
	s->addr = 30;
	submit_wait(&r, 1, 2, "poll_remove");
	s = sqe_get(&r, OP_POLL_REMOVE, -1, 32);
	s->addr = 30;
	submit_wait(&r, 1, 1, "poll_remove again");
	s = sqe_get(&r, OP_READ, data[0], 33);
	s->addr = (uintptr_t)buf;
	s->len = 1;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	s = sqe_get(&r, OP_ASYNC_CANCEL, -1, 34);
	s->addr = 33;
	submit_wait(&r, 1, 2, "cancel a read");
	s = sqe_get(&r, OP_ASYNC_CANCEL, -1, 35);
	s->addr = 12345;
	submit_wait(&r, 1, 1, "cancel of nothing");
	for (int i = 0; i < 2; i++) {
		s = sqe_get(&r, OP_POLL_ADD, data[0], 36);
		s->op_flags = POLLIN;
	}
	ret = u_enter(r.fd, 2, 0, 0, NULL, 0);
	s = sqe_get(&r, OP_ASYNC_CANCEL, -1, 37);
	s->addr = 36;
	s->op_flags = 1; /* IORING_ASYNC_CANCEL_ALL */
	submit_wait(&r, 1, 3, "cancel all of 2 polls");
	s = sqe_get(&r, OP_ASYNC_CANCEL, -1, 38);
	s->off = 1;
	submit_wait(&r, 1, 1, "cancel with off");

	/* a forked child submits through the shared ring */
	pid_t pid = fork();
	if (pid == 0) {
		sqe_get(&r, OP_NOP, -1, 40);
		u_enter(r.fd, 1, 0, 0, NULL, 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	submit_wait(&r, 0, 1, "after the child's nop");

	/* poll(2) on the ring */
	struct pollfd pf = {r.fd, POLLIN | POLLOUT, 0};
	say("poll ring empty: %d revents %#x\n", poll(&pf, 1, 0), pf.revents);
	sqe_get(&r, OP_NOP, -1, 41);
	u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("poll ring with a cqe: %d revents %#x\n", poll(&pf, 1, 0), pf.revents);
	cqe_drain(&r);

	/* poll(2) on the ring wakes for a READ completing later; any
	 * io_uring_enter then has its CQE in the ring */
	in_thread("polled", &t);
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_READ, data[0], 45);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	u_enter(r.fd, 1, 0, 0, NULL, 0);
	write(go[1], "g", 1);
	pf.events = POLLIN;
	say("poll ring for the read: %d revents %#x\n", poll(&pf, 1, -1), pf.revents);
	pthread_join(t, NULL);
	say("enter: %d\n", u_enter(r.fd, 0, 0, 0, NULL, 0));
	cqe_drain(&r);
	say("  '%s'\n", buf);

	/* a signal ends a wait: EINTR, the handler runs though the signal was
	 * blocked outside the call (the mask given is kept for it) */
	sigset_t block, none;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGUSR1, on_usr1);
	sigemptyset(&none);
	pid = fork();
	if (pid == 0) {
		wait_until_sleeping(getppid());
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	ret = u_enter(r.fd, 0, 1, ENTER_GETEVENTS, &none, 8);
	say("wait interrupted: %s, handler ran %d\n", ret < 0 ? errname(errno) : "ok", got_usr1);
	waitpid(pid, NULL, 0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	/* closed with requests pending */
	s = sqe_get(&r, OP_POLL_ADD, data[0], 50);
	s->op_flags = POLLIN;
	s = sqe_get(&r, OP_READ, data[0], 51);
	s->addr = (uintptr_t)buf;
	s->len = 1;
	s = sqe_get(&r, OP_TIMEOUT, -1, 52);
	s->addr = (uintptr_t)&ten;
	s->len = 1;
	say("pending: %d\n", u_enter(r.fd, 3, 0, 0, NULL, 0));
	size_t size = r.p.sq_off.array + r.p.sq_entries * 4;
	size_t cq = r.p.cq_off.cqes + r.p.cq_entries * 16;
	munmap(r.sq, size > cq ? size : cq);
	munmap(r.sqes, r.p.sq_entries * sizeof(struct u_sqe));
	say("close: %d\n", close(r.fd));
	write(data[1], "z", 1);
	say("pipe still has: %zd\n", read(data[0], buf, 1));
	done();
	return 0;
}
