/*
 * pselect6_basic.c — select(2) and pselect(2) (Linux fs/select.c
 * core_sys_select): readiness of pipe ends in the read and write sets, the
 * count of ready bits, hang-up as readable, nothing exceptional on a pipe,
 * bits past nfds in the last word cleared, EBADF for a closed fd in a set,
 * EINVAL for a negative nfds, the raw call writing the time left back,
 * select()'s timeval as each C library leaves it, and the temporary mask:
 * a pending signal it unblocks gives EINTR after the handler ran.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/select.h>
#include <time.h>

#include "lvtest.h"

static volatile int handled;

static void on_usr1(int sig)
{
	handled++;
}

static void show_sets(const char *label, int r, int fd_r, int fd_w, fd_set *rs, fd_set *ws, fd_set *es)
{
	say("%s: %d, read %d, write %d, except %d\n", label, r, FD_ISSET(fd_r, rs), FD_ISSET(fd_w, ws),
	    FD_ISSET(fd_r, es));
}

int main(void)
{
	int p[2];
	pipe(p);
	int n = (p[0] > p[1] ? p[0] : p[1]) + 1;
	fd_set rs, ws, es;
	struct timeval tv = {0, 0};
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_ZERO(&es);
	FD_SET(p[0], &rs);
	FD_SET(p[1], &ws);
	FD_SET(p[0], &es);
	int r = select(n, &rs, &ws, &es, &tv);
	show_sets("empty pipe", r, p[0], p[1], &rs, &ws, &es);

	write(p[1], "x", 1);
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(p[0], &rs);
	FD_SET(p[1], &ws);
	FD_SET(40, &rs); /* past nfds, same word: cleared */
	r = select(n, &rs, &ws, NULL, NULL);
	show_sets("with data", r, p[0], p[1], &rs, &ws, &es);
	say("bit 40 after: %d\n", FD_ISSET(40, &rs));

	FD_ZERO(&rs);
	FD_SET(9, &rs);
	r = select(10, &rs, NULL, NULL, &tv);
	show_ret("closed fd 9 in the read set", r, errno);
	expect_err("nfds -1", select(-1, NULL, NULL, NULL, &tv), errno, EINVAL);

	char c;
	read(p[0], &c, 1);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timespec ts = {0, 20 * 1000 * 1000};
	r = syscall(SYS_pselect6, n, &rs, NULL, NULL, &ts, NULL);
	say("raw pselect6 timed out: %d, left {%ld, %ld}, read bit %d\n", r, (long)ts.tv_sec, ts.tv_nsec,
	    FD_ISSET(p[0], &rs));
	struct timeval tv2 = {0, 20000};
	FD_SET(p[0], &rs);
	r = select(n, &rs, NULL, NULL, &tv2);
	say("select timed out: %d, timeval left {%ld, %ld}\n", r, (long)tv2.tv_sec, (long)tv2.tv_usec);

	struct sigaction sa = {.sa_handler = on_usr1};
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t block, empty;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	r = pselect(n, &rs, NULL, NULL, NULL, &empty);
	say("pselect unblocking a pending signal: %d %s, handler ran %d\n", r, r < 0 ? errname(errno) : "", handled);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	say("SIGUSR1 blocked again: %d\n", sigismember(&now, SIGUSR1));
	struct {
		const sigset_t *ss;
		size_t len;
	} pack = {&empty, 4};
	expect_err("sigset size 4", syscall(SYS_pselect6, n, &rs, NULL, NULL, NULL, &pack), errno, EINVAL);
	expect_err("bad argpack", syscall(SYS_pselect6, n, &rs, NULL, NULL, NULL, (void *)8), errno, EFAULT);

	close(p[1]);
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	r = select(n, &rs, NULL, NULL, NULL);
	say("after the writer closed: %d, read %d\n", r, FD_ISSET(p[0], &rs));
	done();
	return 0;
}
