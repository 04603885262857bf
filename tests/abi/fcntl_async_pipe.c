/*
 * fcntl_async_pipe.c — O_ASYNC on a pipe (fs/fcntl.c setfl, send_sigio;
 * fs/pipe.c pipe_fasync, pipe_read, pipe_write, pipe_release): F_SETFL
 * O_ASYNC with an owner sends SIGIO (si_code SI_KERNEL) when data comes;
 * with F_SETSIG a queued real-time signal with si_code POLL_IN or POLL_OUT,
 * si_fd the descriptor and si_band the reason's poll bits, for every write
 * (the read end) and every read (the write end) and for the close of the
 * other side; the owner can be another process or a process group. The
 * signals are blocked and counted with sigtimedwait (a zero timeout), so
 * nothing depends on timing; the child tells the parent by pipe when it is
 * ready.
 */
#include "async_test.h"
#include "fs_test.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define RTSIG (SIGRTMIN + 1)

/* Takes every pending instance of sig (waiting up to secs for the first). */
static void drain(const char *label, int sig, int secs)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec ts = {secs, 0};
	int n = 0;
	siginfo_t si;
	while (sigtimedwait(&set, &si, &ts) == sig) {
		ts.tv_sec = 0;
		say("%s: %s si_code %d", label, sig == SIGIO ? "SIGIO" : "RTSIG", si.si_code);
		if (si.si_code != 0x80)
			say(" si_fd %d si_band 0x%lx", si.si_fd, (long)si.si_band);
		say("\n");
		n++;
	}
	say("%s: %d signals\n", label, n);
}

static void async_on(int fd, int owner, int sig)
{
	R("F_SETOWN", fcntl(fd, F_SETOWN, owner));
	R("F_SETSIG", fcntl(fd, F_SETSIG, sig));
	R("F_SETFL O_ASYNC", fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC));
	say("F_GETFL has O_ASYNC: %d\n", (fcntl(fd, F_GETFL) & O_ASYNC) != 0);
}

int main(void)
{
	block_signals(SIGIO, RTSIG, 0);
	R("setpgid", setpgid(0, 0)); /* a group of our own for the group owner */

	int p[2];
	char c = 'x';
	R("pipe", pipe(p));
	async_on(p[0], getpid(), 0);
	R("write", write(p[1], &c, 1));
	drain("plain SIGIO after a write", SIGIO, 0);
	R("read", read(p[0], &c, 1));
	drain("plain SIGIO after a read", SIGIO, 0);

	R("F_SETSIG RTSIG on the read end", fcntl(p[0], F_SETSIG, RTSIG));
	async_on(p[1], getpid(), RTSIG);
	say("read end %d, write end %d\n", p[0], p[1]);
	R("write", write(p[1], &c, 1));
	drain("after a write", RTSIG, 0);
	R("read", read(p[0], &c, 1));
	drain("after a read", RTSIG, 0);
	R("F_SETFL without O_ASYNC on the write end", fcntl(p[1], F_SETFL, 0));
	R("write", write(p[1], "ab", 2));
	R("read", read(p[0], &c, 1));
	drain("after write and read, write end not async", RTSIG, 0);

	/* another process as the owner */
	int ready[2];
	R("pipe", pipe(ready));
	pid_t pid = fork();
	if (pid == 0) {
		write(ready[1], &c, 1);
		drain("child, owner of the read end", RTSIG, 10);
		write(ready[1], &c, 1);
		drain("child, a group member", RTSIG, 10);
		_exit(0);
	}
	read(ready[0], &c, 1);
	/* while the child may print, the parent prints nothing: results after */
	long own_child = fcntl(p[0], F_SETOWN, pid);
	long w1 = write(p[1], &c, 1);
	read(ready[0], &c, 1); /* the child has taken its signal and printed */
	say("F_SETOWN the child: %ld, write: %ld\n", own_child, w1);
	drain("parent, not the owner", RTSIG, 0);
	R("F_SETOWN our process group", fcntl(p[0], F_SETOWN, -getpgrp()));
	long w2 = write(p[1], &c, 1);
	int status;
	waitpid(pid, &status, 0);
	say("write: %ld\n", w2);
	drain("parent, a group member", RTSIG, 0);
	say("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	R("F_SETOWN us", fcntl(p[0], F_SETOWN, getpid()));
	R("close the write end", close(p[1]));
	drain("after the last writer closed", RTSIG, 0);
	close(p[0]);
	done();
	return 0;
}
