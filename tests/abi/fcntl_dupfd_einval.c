/*
 * fcntl_dupfd_einval.c — F_DUPFD's minimum (fcntl(2), Linux fs/fcntl.c
 * f_dupfd): the argument is taken as an unsigned int and must be below
 * RLIMIT_NOFILE, else EINVAL (not EMFILE): 100000, -5, the limit itself;
 * limit-1 works; only the low 32 bits count (2^32 + 5 means 5).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>

#include "lvtest.h"

static void dupfd(int cmd, long min)
{
	long r = syscall(SYS_fcntl, 0, cmd, min);
	char label[64];
	snprintf(label, sizeof label, "%s %ld", cmd == F_DUPFD ? "F_DUPFD" : "F_DUPFD_CLOEXEC", min);
	show_ret(label, r, errno);
	if (r >= 0)
		close((int)r);
}

int main(void)
{
	struct rlimit rl = {64, 64};
	show_ret("setrlimit NOFILE 64", setrlimit(RLIMIT_NOFILE, &rl), errno);
	dupfd(F_DUPFD, 100000);
	dupfd(F_DUPFD, -5);
	dupfd(F_DUPFD, 64);
	dupfd(F_DUPFD_CLOEXEC, 64);
	dupfd(F_DUPFD, 63);
	dupfd(F_DUPFD_CLOEXEC, 40);
	dupfd(F_DUPFD, (1L << 32) + 5);
	dupfd(F_DUPFD, 1L << 31);
	done();
	return 0;
}
