/* pidfd_send_signal_proc_dir: pidfd_send_signal takes a /proc/<pid>
 * directory as well as a pidfd (Linux kernel/signal.c pidfd_to_pid,
 * fs/proc/base.c tgid_pidfd_to_pid): /proc/self signals the caller; a
 * process's directory opened before it died gives ESRCH after it is reaped,
 * even when the number is handed out again (kernel.ns_last_pid steers the
 * next pid); other /proc directories (task/TID, fd) and other files are
 * EBADF. */
#include "lvtest.h"
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

static long send(int fd, int sig)
{
	return syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
}

static void try_fd(const char *label, int fd, int sig)
{
	long r = send(fd, sig);
	show_ret(label, r, errno);
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	int self = open("/proc/self", O_DIRECTORY | O_CLOEXEC);
	try_fd("/proc/self SIGUSR1", self, SIGUSR1);
	yesno("the handler ran", got == SIGUSR1);
	try_fd("/proc/1 signal 0", open("/proc/1", O_DIRECTORY), 0);

	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d", (int)gettid());
	try_fd("/proc/self/task/TID", open(path, O_DIRECTORY), 0);
	try_fd("/proc/self/fd", open("/proc/self/fd", O_DIRECTORY), 0);
	try_fd("/proc (the root)", open("/proc", O_DIRECTORY), 0);
	try_fd("/proc/self/status (a file)", open("/proc/self/status", O_RDONLY), 0);
	try_fd("/ (not /proc)", open("/", O_DIRECTORY), 0);
	try_fd("fd -1", -1, 0);
	show_ret("flags 1 on /proc/self", syscall(SYS_pidfd_send_signal, self, 0, NULL, 1), errno);

	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	int child = open(path, O_DIRECTORY | O_CLOEXEC);
	try_fd("a live child, signal 0", child, 0);
	try_fd("a live child, SIGKILL", child, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	yesno("the child was killed by SIGKILL", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	try_fd("the reaped child's directory", child, 0);

	/* the same number again: the old directory still names the dead process */
	char last[32];
	snprintf(last, sizeof last, "%d", (int)pid - 1);
	long w = write_sysctl("/proc/sys/kernel/ns_last_pid", last);
	yesno("ns_last_pid written", w == (long)strlen(last));
	pid_t again = fork();
	if (again == 0) {
		pause();
		_exit(0);
	}
	yesno("the next child has the same pid", again == pid);
	try_fd("the old directory, pid reused", child, 0);
	int fresh = open(path, O_DIRECTORY);
	try_fd("a fresh open of it", fresh, 0);
	kill(again, SIGKILL);
	waitpid(again, &status, 0);
	done();
	return 0;
}
