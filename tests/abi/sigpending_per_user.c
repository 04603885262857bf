/*
 * sigpending_per_user.c — RLIMIT_SIGPENDING counts the queued signals of a
 * user, not of a process (Linux __sigqueue_alloc: the target's real uid's
 * ucounts, UCOUNT_RLIMIT_SIGPENDING, against the target's limit). A process
 * P of uid 4242 with the limit 8 forks two receivers R1 and R2 of the same
 * uid, which block SIGRTMIN: sigqueue fills R1 with 8, then R2 takes none
 * (EAGAIN) and neither does P itself; meanwhile root (another user) still
 * queues 8 to itself. Once R1 takes its signals, R2 takes 8; once R2 exits
 * with them pending, R1 takes 8 again.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "lvtest.h"

#define LIMIT 8

/* sigqueue'd SIGRTMIN to pid until EAGAIN (at most 20): how many, -errno otherwise. */
static int fill(pid_t pid)
{
	for (int n = 0; n < 20; n++) {
		if (sigqueue(pid, SIGRTMIN, (union sigval){.sival_int = n}) < 0)
			return errno == EAGAIN ? n : -errno;
	}
	return 20;
}

/* A receiver: on 'd' takes its pending SIGRTMIN and writes how many; on 'q' exits. */
static void receiver(int cmd, int reply)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	char c;
	while (read(cmd, &c, 1) == 1) {
		if (c == 'q')
			_exit(0);
		struct timespec zero = {0, 0};
		int n = 0;
		while (sigtimedwait(&set, NULL, &zero) == SIGRTMIN)
			n++;
		write(reply, &n, sizeof n);
	}
	_exit(1);
}

static pid_t spawn(int *cmd, int *reply)
{
	int c[2], r[2];
	pipe(c);
	pipe(r);
	pid_t pid = fork();
	if (pid == 0) {
		close(c[1]);
		close(r[0]);
		receiver(c[0], r[1]);
	}
	close(c[0]);
	close(r[1]);
	*cmd = c[1];
	*reply = r[0];
	return pid;
}

static int drain(int cmd, int reply)
{
	int n = -1;
	write(cmd, "d", 1);
	read(reply, &n, sizeof n);
	return n;
}

/* RLIMIT_SIGPENDING LIMIT and SIGRTMIN blocked (*set: it). */
static void limit_and_block(sigset_t *set)
{
	struct rlimit rl = {LIMIT, LIMIT};
	setrlimit(RLIMIT_SIGPENDING, &rl);
	sigemptyset(set);
	sigaddset(set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, set, NULL);
}

/* P: uid 4242; tells root through to_root when the user's count is full and waits on from_root. */
static void user_side(int to_root, int from_root)
{
	sigset_t set;
	limit_and_block(&set);
	if (syscall(SYS_setresuid, 4242, 4242, 4242) < 0)
		say("setresuid: %s\n", errname(errno));
	int c1, r1, c2, r2;
	pid_t p1 = spawn(&c1, &r1), p2 = spawn(&c2, &r2);
	say("R1 takes %d\n", fill(p1));
	say("R2 then takes %d\n", fill(p2));
	say("P itself takes %d\n", fill(getpid()));
	char b = 'x';
	write(to_root, &b, 1);
	read(from_root, &b, 1);
	say("R1 took back %d of its signals\n", drain(c1, r1));
	say("then R2 takes %d\n", fill(p2));
	write(c2, "q", 1);
	waitpid(p2, NULL, 0);
	say("R2 exited with them pending; R1 takes %d\n", fill(p1));
	say("R1 took back %d\n", drain(c1, r1));
	write(c1, "q", 1);
	waitpid(p1, NULL, 0);
	_exit(0);
}

int main(void)
{
	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t p = fork();
	if (p == 0)
		user_side(up[1], down[0]);
	char b;
	read(up[0], &b, 1);
	/* uid 4242's count is full: root's is its own */
	sigset_t set;
	limit_and_block(&set);
	say("root queues to itself %d\n", fill(getpid()));
	struct timespec zero = {0, 0};
	int n = 0;
	while (sigtimedwait(&set, NULL, &zero) == SIGRTMIN)
		n++;
	say("root took back %d\n", n);
	write(down[1], "g", 1);
	int st;
	waitpid(p, &st, 0);
	say("P: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	say("done\n");
	return 0;
}
