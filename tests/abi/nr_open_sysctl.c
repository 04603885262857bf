/*
 * nr_open_sysctl.c — /proc/sys/fs/nr_open (Linux fs/file.c sysctl_nr_open,
 * proc_dointvec_minmax from sysctl_nr_open_min 64 to sysctl_nr_open_max
 * 2147483584 on 64-bit, default 1048576): setrlimit(RLIMIT_NOFILE) above it
 * is EPERM (kernel/sys.c do_prlimit); copying an fd table whose open fds,
 * rounded up to 64, do not fit below it is EMFILE (dup_fd: fork, and
 * unshare(CLONE_FILES) of a shared table); dup2 to an fd the table must
 * grow for past it is EBADF (ksys_dup3). Run as root (it writes the file);
 * the child that lowers nr_open shares our table (CLONE_FILES), as LTP's
 * unshare03 does, and every step restores the default.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "lvtest.h"

#define NR_OPEN "/proc/sys/fs/nr_open"

static void show_nr_open(const char *label)
{
	char buf[64] = {0};
	int fd = open(NR_OPEN, O_RDONLY);
	long n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	say("%s: %ld bytes: %s", label, n, n > 0 ? buf : "\n");
}

/* Writes text to nr_open: "ok" or the errno. */
static void write_nr_open(const char *text)
{
	int fd = open(NR_OPEN, O_WRONLY);
	long n = write(fd, text, strlen(text));
	say("write %s: %s\n", text, n == (long)strlen(text) ? "ok" : errname(errno));
	close(fd);
}

/* The call is made before this reads errno (an argument is evaluated first). */
static void show(const char *label, long ret)
{
	show_ret(label, ret, errno);
}

int main(void)
{
	show_nr_open("default");
	write_nr_open("63");
	write_nr_open("-1");
	write_nr_open("2147483585");
	write_nr_open("2147483584");
	show_nr_open("largest");
	write_nr_open("1048576");

	struct rlimit rl = {.rlim_cur = 1024, .rlim_max = 1048577};
	show("RLIMIT_NOFILE hard 1048577", setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_max = 1048576;
	show("RLIMIT_NOFILE hard 1048576", setrlimit(RLIMIT_NOFILE, &rl));
	write_nr_open("2000000");
	rl.rlim_max = 1048577;
	show("RLIMIT_NOFILE hard 1048577 under nr_open 2000000", setrlimit(RLIMIT_NOFILE, &rl));
	write_nr_open("1048576");

	show("dup2 to 65", dup2(2, 65));
	long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		write_nr_open("64");
		show("nr_open 64: unshare(CLONE_FILES)", unshare(CLONE_FILES));
		show("nr_open 64: fork", fork());
		show("nr_open 64: dup2 to 1000", dup2(2, 1000));
		write_nr_open("128");
		show("nr_open 128: unshare(CLONE_FILES)", unshare(CLONE_FILES));
		write_nr_open("1048576");
		syscall(SYS_exit_group, 0);
	}
	int status = -1;
	waitpid((pid_t)pid, &status, 0);
	say("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	show_nr_open("restored");
	done();
	return 0;
}
