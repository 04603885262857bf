/*
 * aio_poll.c — IOCB_CMD_POLL and waiting (Linux fs/aio.c): a poll of a
 * ready file completes at once with the ready mask; on an empty pipe it
 * stays pending until a write (from another process, after a handshake)
 * completes it, and io_getevents waits for it; the eventfd of
 * IOCB_FLAG_RESFD counts it. Events outside 16 bits, or a poll with
 * nbytes, offset or rw_flags, are EINVAL. io_cancel of a pending poll is
 * EINPROGRESS and its event (res 0) comes through the ring; cancelling it
 * again, or an iocb never submitted, is EINVAL, a key other than 0 EINVAL,
 * a bad iocb EFAULT. io_getevents: a timeout with nothing ready returns 0,
 * a signal with a handler makes it EINTR, io_pgetevents' mask blocks the
 * signal for the wait (then the timeout ends it) and a bad sigset size is
 * EINVAL. io_destroy with a poll pending returns 0 (the poll is cancelled:
 * its eventfd is signalled).
 */
#include "aio_test.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <sys/wait.h>

struct aio_sigset {
	const sigset_t *sigmask;
	size_t sigsetsize;
};

static volatile int got_signal;

static void on_alarm(int sig)
{
	(void)sig;
	got_signal++;
}

static struct iocb mkpoll(int fd, unsigned events, unsigned long long data)
{
	struct iocb cb;
	memset(&cb, 0, sizeof(cb));
	cb.aio_fildes = (unsigned)fd;
	cb.aio_lio_opcode = IOCB_CMD_POLL;
	cb.aio_buf = events;
	cb.aio_data = data;
	return cb;
}

int main(void)
{
	aio_context_t ctx = 0;
	io_setup(8, &ctx);
	struct timespec zero = {0, 0};
	struct io_event ev[4];
	int p[2];
	pipe(p);
	int efd = eventfd(0, EFD_NONBLOCK);
	int fd = open("/tmp/aio_poll", O_RDWR | O_CREAT | O_TRUNC, 0600);

	struct iocb cb = mkpoll(p[1], POLLOUT, 1);
	aio_one(ctx, &cb, "poll writable pipe");
	cb = mkpoll(fd, POLLIN, 2);
	aio_one(ctx, &cb, "poll regular file");
	cb = mkpoll(p[0], 0x10000, 0);
	aio_one(ctx, &cb, "events above 16 bits");
	cb = mkpoll(p[0], POLLIN, 0);
	cb.aio_nbytes = 1;
	aio_one(ctx, &cb, "poll with nbytes");
	cb = mkpoll(p[0], POLLIN, 0);
	cb.aio_rw_flags = RWF_HIPRI;
	aio_one(ctx, &cb, "poll with rw_flags");

	/* pending until another process writes */
	int go[2];
	pipe(go);
	struct iocb pending = mkpoll(p[0], POLLIN, 3);
	pending.aio_flags = IOCB_FLAG_RESFD;
	pending.aio_resfd = (unsigned)efd;
	struct iocb *pp = &pending;
	say("submit poll on empty pipe: %ld\n", io_submit(ctx, 1, &pp));
	say("ready now: %ld\n", io_getevents(ctx, 0, 4, ev, &zero));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1); /* the parent is about to wait */
		write(p[1], "x", 1);
		_exit(0);
	}
	write(go[1], "g", 1);
	long n = io_getevents(ctx, 1, 4, ev, NULL);
	say("io_getevents after the write: %ld\n", n);
	if (n == 1)
		aio_show_event("  poll", &ev[0], &pending, 1);
	waitpid(pid, NULL, 0);
	uint64_t v = 0;
	say("eventfd: %zd %llu\n", read(efd, &v, 8), (unsigned long long)v);
	char c;
	read(p[0], &c, 1);

	/* cancel */
	struct iocb cancel_me = mkpoll(p[0], POLLIN, 4);
	pp = &cancel_me;
	say("submit poll to cancel: %ld\n", io_submit(ctx, 1, &pp));
	say("io_cancel: %s\n", io_cancel(ctx, &cancel_me, ev) < 0 ? errname(errno) : "0");
	n = io_getevents(ctx, 1, 4, ev, NULL);
	say("event of the cancelled poll: %ld\n", n);
	if (n == 1)
		aio_show_event("  cancelled", &ev[0], &cancel_me, 1);
	say("io_cancel again: %s\n", io_cancel(ctx, &cancel_me, ev) < 0 ? errname(errno) : "0");
	struct iocb never = mkpoll(p[0], POLLIN, 5);
	say("io_cancel never submitted: %s\n", io_cancel(ctx, &never, ev) < 0 ? errname(errno) : "0");
	never.aio_key = 7;
	say("io_cancel key 7: %s\n", io_cancel(ctx, &never, ev) < 0 ? errname(errno) : "0");
	say("io_cancel bad iocb: %s\n", io_cancel(ctx, (struct iocb *)8, ev) < 0 ? errname(errno) : "0");
	struct iocb reg = {0};
	reg.aio_fildes = (unsigned)fd;
	reg.aio_lio_opcode = IOCB_CMD_FSYNC;
	pp = &reg;
	io_submit(ctx, 1, &pp);
	say("io_cancel completed fsync: %s\n", io_cancel(ctx, &reg, ev) < 0 ? errname(errno) : "0");
	io_getevents(ctx, 1, 4, ev, NULL);
	say("io_cancel unknown context: %s\n", io_cancel(ctx + 4096, &never, ev) < 0 ? errname(errno) : "0");

	/* timeouts and signals */
	struct timespec ms20 = {0, 20 * 1000 * 1000};
	say("timeout, nothing ready: %ld\n", io_getevents(ctx, 1, 4, ev, &ms20));
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 20000}};
	setitimer(ITIMER_REAL, &it, NULL);
	n = io_getevents(ctx, 1, 4, ev, NULL);
	say("signal during wait: %s, handler ran %d\n", n < 0 ? errname(errno) : "no error", got_signal);

	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	struct aio_sigset as = {&block, 8};
	struct timespec ms200 = {0, 200 * 1000 * 1000};
	got_signal = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	n = syscall(SYS_io_pgetevents, ctx, 1, 4, ev, &ms200, &as);
	say("io_pgetevents with SIGALRM blocked: %ld, handler ran %d\n", n, got_signal);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	say("mask restored: %d\n", !sigismember(&now, SIGALRM));
	sigset_t empty;
	sigemptyset(&empty);
	struct aio_sigset open_mask = {&empty, 8};
	got_signal = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	n = syscall(SYS_io_pgetevents, ctx, 1, 4, ev, NULL, &open_mask);
	say("io_pgetevents interrupted: %s, handler ran %d\n", n < 0 ? errname(errno) : "no error", got_signal);
	struct aio_sigset bad_size = {&block, 4};
	say("io_pgetevents sigsetsize 4: %s\n",
	    syscall(SYS_io_pgetevents, ctx, 0, 4, ev, &zero, &bad_size) < 0 ? errname(errno) : "ok");
	say("io_pgetevents bad sigset struct: %s\n",
	    syscall(SYS_io_pgetevents, ctx, 0, 4, ev, &zero, (void *)8) < 0 ? errname(errno) : "ok");
	say("io_pgetevents NULL sigset: %ld\n", syscall(SYS_io_pgetevents, ctx, 0, 4, ev, &zero, NULL));

	/* io_destroy with a poll pending */
	struct iocb left = mkpoll(p[0], POLLIN, 6);
	left.aio_flags = IOCB_FLAG_RESFD;
	left.aio_resfd = (unsigned)efd;
	pp = &left;
	say("submit poll left pending: %ld\n", io_submit(ctx, 1, &pp));
	say("io_destroy with it pending: %ld\n", io_destroy(ctx));
	v = 0;
	say("eventfd after io_destroy: %zd %llu\n", read(efd, &v, 8), (unsigned long long)v);

	/* the process ends with a poll pending */
	aio_context_t ctx2 = 0;
	io_setup(4, &ctx2);
	struct iocb at_exit = mkpoll(p[0], POLLIN, 7);
	pp = &at_exit;
	say("submit poll left at exit: %ld\n", io_submit(ctx2, 1, &pp));
	say("done\n");
	return 0;
}
