/*
 * sysctl_pipe_max_size.c — writing /proc/sys/fs/pipe-max-size (Linux 6.1
 * fs/pipe.c proc_dopipe_max_size, kernel/sysctl.c do_proc_douintvec_w):
 * the value is rounded up to a power-of-two number of pages, written as
 * decimal, hex or octal with blanks around it; garbage, a sign, an empty
 * write or more than 2 GiB is EINVAL; a write at a nonzero offset is
 * accepted and changes nothing; the limit then governs F_SETPIPE_SZ for a
 * user without CAP_SYS_RESOURCE (EPERM above it).
 */
#include "fs_test.h"

#include <sys/wait.h>

static const char *path = "/proc/sys/fs/pipe-max-size";

static void put(const char *label, const char *text, off_t at)
{
	int fd = open(path, O_WRONLY);
	errno = 0;
	ssize_t n = pwrite(fd, text, strlen(text), at);
	close(fd);
	char buf[32] = {0};
	slurp_file(path, buf, sizeof buf);
	say("%s: %zd %s -> %s", label, n, n < 0 ? errname(errno) : "ok", buf);
}

/* The writes, in order; the last leaves the limit at 8192 for F_SETPIPE_SZ. */
static const struct {
	const char *label, *text;
	off_t at;
} writes[] = {
	{"100000", "100000", 0},
	{"0x10000 with blanks", "  0x10000 \n", 0},
	{"octal 0200000", "0200000\n", 0},
	{"0", "0", 0},
	{"garbage", "12abc", 0},
	{"negative", "-4096", 0},
	{"empty line", "\n", 0},
	{"above 2 GiB", "2147483649", 0},
	{"2 GiB", "2147483648", 0},
	{"two numbers", "8192 16384", 0},
	{"at offset 1", "4096", 1},
	{"back to 1 MiB", "1048576", 0},
	{"8192", "8192", 0},
};

int main(void)
{
	char old[32] = {0};
	slurp_file(path, old, sizeof old);
	say("initial: %s", old);
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
		put(writes[i].label, writes[i].text, writes[i].at);
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		int p[2];
		pipe(p);
		R("user: F_SETPIPE_SZ 8192", fcntl(p[0], F_SETPIPE_SZ, 8192));
		R("user: F_SETPIPE_SZ 16384", fcntl(p[0], F_SETPIPE_SZ, 16384));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	put("restore", old, 0);
	done();
	return 0;
}
