/* prctl_timerslack_securebits: PR_SET_TIMERSLACK / PR_GET_TIMERSLACK and
 * /proc/PID/timerslack_ns (kernel/sys.c, fs/proc/base.c): 50 us at first,
 * 0 restores the default, a child starts with its parent's current slack as
 * both its slack and its default; another process's file needs
 * CAP_SYS_NICE (EPERM at read). PR_GET_SECUREBITS is 0 and
 * PR_SET_SECUREBITS refuses unknown bits and callers without CAP_SETPCAP
 * with EPERM (security/commoncap.c); setting them to 0 is allowed. */
#include "lvtest.h"
#include <limits.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static void show_proc(const char *label, const char *path)
{
	char text[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	int e = errno;
	if (n >= 0)
		say("%s: %s", label, text);
	else
		show_ret(label, n, e);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	say("initial slack %ld\n", (long)prctl(PR_GET_TIMERSLACK));
	show_proc("timerslack_ns", "/proc/self/timerslack_ns");
	show_ret("set 70000", prctl(PR_SET_TIMERSLACK, 70000), errno);
	say("slack %ld\n", (long)prctl(PR_GET_TIMERSLACK));
	show_proc("timerslack_ns", "/proc/self/timerslack_ns");
	show_ret("set INT_MAX", prctl(PR_SET_TIMERSLACK, INT_MAX), errno);
	say("slack %ld\n", (long)prctl(PR_GET_TIMERSLACK));
	show_ret("set 0 (the default)", prctl(PR_SET_TIMERSLACK, 0), errno);
	say("slack %ld\n", (long)prctl(PR_GET_TIMERSLACK));
	write_sysctl("/proc/self/timerslack_ns", "12345");
	say("after writing 12345 to the file: %ld\n", (long)prctl(PR_GET_TIMERSLACK));
	write_sysctl("/proc/self/timerslack_ns", "0");
	say("after writing 0 to the file: %ld\n", (long)prctl(PR_GET_TIMERSLACK));

	prctl(PR_SET_TIMERSLACK, 80000);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		say("child: slack %ld\n", (long)prctl(PR_GET_TIMERSLACK));
		prctl(PR_SET_TIMERSLACK, 5);
		prctl(PR_SET_TIMERSLACK, 0);
		say("child: default %ld\n", (long)prctl(PR_GET_TIMERSLACK));
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/timerslack_ns", (int)parent);
		show_proc("child as root: the parent's file", path);
		setuid(65534);
		show_proc("child as nobody: the parent's file", path);
		show_ret("child as nobody: PR_SET_SECUREBITS 0", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0), errno);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	prctl(PR_SET_TIMERSLACK, 0);

	say("securebits %ld\n", (long)prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	show_ret("PR_SET_SECUREBITS 0", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0), errno);
	show_ret("PR_SET_SECUREBITS 0x100 (unknown)", prctl(PR_SET_SECUREBITS, 0x100, 0, 0, 0), errno);
	done();
	return 0;
}
