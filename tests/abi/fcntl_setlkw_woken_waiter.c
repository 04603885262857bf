/*
 * fcntl_setlkw_woken_waiter.c — no false EDEADLK from a woken F_SETLKW
 * waiter (Linux fs/locks.c: __locks_wake_up_blocks takes a woken request
 * out of blocked_hash at once). A holds byte 0 and sleeps in F_SETLKW for
 * byte 1, which B holds; B unlocks byte 1 (waking A) and at once asks, with
 * F_SETLKW, for byte 0. A is no longer waiting for B, so that is no
 * deadlock: B sleeps until A, now owning byte 1, lets byte 0 go.
 * B learns that A sleeps from /proc/A/stat (state S) after A said it was
 * about to lock; A runs at nice 19 so that B, not A, runs on after the wake-up.
 */
#include "fs_test.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>

static int lock(int fd, short type, off_t start, int cmd)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = 1};
	return fcntl(fd, cmd, &fl) < 0 ? errno : 0;
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (slurp_file(path, buf, sizeof buf) <= 0)
		return '?';
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

int main(void)
{
	int fd = open("/tmp/lkw", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "ab", 2);
	say("A locks byte 0: %s\n", errname(lock(fd, F_WRLCK, 0, F_SETLK)));
	int held[2], ready[2];
	pipe(held);
	pipe(ready);
	pid_t a = getpid();
	pid_t b = fork();
	if (b == 0) {
		int r = lock(fd, F_WRLCK, 1, F_SETLK);
		write(held[1], &r, sizeof r);
		char c;
		read(ready[0], &c, 1);
		while (proc_state(a) != 'S') /* A is in F_SETLKW, waiting for byte 1 */
			sched_yield();
		r = lock(fd, F_UNLCK, 1, F_SETLK);
		if (r == 0)
			r = lock(fd, F_WRLCK, 0, F_SETLKW);
		_exit(r);
	}
	setpriority(PRIO_PROCESS, 0, 19); /* woken, A need not run before B goes on */
	int r;
	read(held[0], &r, sizeof r);
	say("B locks byte 1: %s\n", errname(r));
	write(ready[1], "g", 1);
	say("A waits for byte 1: %s\n", errname(lock(fd, F_WRLCK, 1, F_SETLKW)));
	say("A unlocks byte 0: %s\n", errname(lock(fd, F_UNLCK, 0, F_SETLK)));
	int status;
	waitpid(b, &status, 0);
	say("B's F_SETLKW for byte 0: %s\n", WIFEXITED(status) ? errname(WEXITSTATUS(status)) : "killed");
	unlink("/tmp/lkw");
	done();
	return 0;
}
