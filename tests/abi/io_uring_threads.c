/*
 * io_uring_threads.c — one ring used from several threads and across exec
 * (Linux io_uring/io_uring.c io_cqring_wait, io_cqring_overflow_flush):
 * a thread waiting in io_uring_enter wakes for a NOP another thread
 * submits (after a handshake: it sleeps first); 300 NOPs submitted by one
 * thread are all reaped, in order, by another through a CQ ring of 16
 * (the overflow list moving in as it reaps); a child that execs with a
 * READ pending on a pipe loses the ring (O_CLOEXEC), and the pipe's data
 * stays for its reader.
 */
#include "uring_test.h"

#include <pthread.h>
#include <sys/wait.h>

static struct ring r;
static pid_t waiter_tid;
static int reaped, in_order = 1;

static void *waiter(void *arg)
{
	(void)arg;
	waiter_tid = (pid_t)syscall(SYS_gettid);
	int ret = u_enter(r.fd, 0, 1, ENTER_GETEVENTS, NULL, 0);
	say("waiter: enter %d\n", ret);
	cqe_drain(&r); /* main prints only after joining */
	return NULL;
}

static void *reaper(void *arg)
{
	(void)arg;
	uint64_t next = 1000;
	while (reaped < 300) {
		u_enter(r.fd, 0, 1, ENTER_GETEVENTS, NULL, 0);
		unsigned head = *r.cq_head;
		while (head != __atomic_load_n(r.cq_tail, __ATOMIC_ACQUIRE)) {
			struct u_cqe *c = &r.cqes[head & *r.cq_mask];
			if (c->user_data != next++ || c->res != 0)
				in_order = 0;
			head++;
			reaped++;
		}
		__atomic_store_n(r.cq_head, head, __ATOMIC_RELEASE);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* after exec: is the ring's fd still open? */
		say("after exec: fd %s %s\n", argv[1], fcntl(atoi(argv[1]), F_GETFD) < 0 ? errname(errno) : "open");
		return 0;
	}
	if (ring_init(&r, 8, 0))
		return 1;
	pthread_t t;
	pthread_create(&t, NULL, waiter, NULL);
	while (!__atomic_load_n(&waiter_tid, __ATOMIC_ACQUIRE))
		sched_yield();
	wait_until_sleeping(waiter_tid);
	sqe_get(&r, OP_NOP, -1, 1);
	int ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	pthread_join(t, NULL);
	say("main: enter %d\n", ret);

	pthread_create(&t, NULL, reaper, NULL);
	for (int i = 0; i < 300; i++) {
		sqe_get(&r, OP_NOP, -1, 1000 + (uint64_t)i);
		if (u_enter(r.fd, 1, 0, 0, NULL, 0) != 1)
			say("submit %d failed\n", i);
	}
	pthread_join(t, NULL);
	say("reaped %d in order %d\n", reaped, in_order);

	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		static char buf[8];
		struct u_sqe *s = sqe_get(&r, OP_READ, p[0], 1);
		s->addr = (uintptr_t)buf;
		s->len = sizeof buf;
		u_enter(r.fd, 1, 0, 0, NULL, 0);
		char fd[16];
		snprintf(fd, sizeof fd, "%d", r.fd);
		execl("/proc/self/exe", argv[0], fd, (char *)NULL);
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	say("child exited %d\n", WEXITSTATUS(st));
	write(p[1], "data", 4);
	char buf[8] = {0};
	say("pipe read %zd '%s'\n", read(p[0], buf, sizeof buf), buf);
	done();
	return 0;
}
