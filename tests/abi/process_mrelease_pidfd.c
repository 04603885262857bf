/*
 * process_mrelease_pidfd.c — process_mrelease(pidfd, flags) (Linux 6.1
 * mm/oom_kill.c): any flag is EINVAL; a descriptor that is no pidfd EBADF;
 * a process that is not dying keeps its memory (EINVAL); one killed with
 * SIGKILL has its memory released (0), or is already gone from it (ESRCH)
 * when it exited first; a zombie or a reaped process is ESRCH.
 */
#include "lvtest.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NR_PIDFD_OPEN 434
#define NR_PROCESS_MRELEASE 448

static long mrelease(int fd, unsigned flags)
{
	return syscall(NR_PROCESS_MRELEASE, fd, flags);
}

int main(void)
{
	int ready[2];
	if (pipe(ready))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		char *big = malloc(8 << 20);
		memset(big, 1, 8 << 20); /* something to release */
		close(ready[0]);
		write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	int fd = (int)syscall(NR_PIDFD_OPEN, pid, 0);
	show_ret("pidfd_open", fd < 0 ? -1 : 0, errno);
	errno = 0;
	show_ret("a flag", mrelease(fd, 1), errno);
	errno = 0;
	show_ret("a closed descriptor", mrelease(999, 0), errno);
	errno = 0;
	show_ret("a pipe", mrelease(ready[0], 0), errno);
	errno = 0;
	show_ret("a live process", mrelease(fd, 0), errno);

	kill(pid, SIGKILL);
	errno = 0;
	long r = mrelease(fd, 0);
	int e = errno;
	say("killed: %s\n", r == 0 || (r < 0 && e == ESRCH) ? "released or gone" : errname(e));
	siginfo_t info;
	waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
	errno = 0;
	show_ret("a zombie", mrelease(fd, 0), errno);
	int status;
	waitpid(pid, &status, 0);
	say("killed by %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	errno = 0;
	show_ret("reaped", mrelease(fd, 0), errno);
	close(fd);
	done();
	return 0;
}
