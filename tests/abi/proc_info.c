/*
 * proc_info.c — what a process can ask about itself and the machine
 * (kernel/sys.c, fs/stat.c, fs/open.c): prctl names (cut to 15 bytes) and
 * dumpable, sysinfo, times, getrusage, sched_setaffinity, getcpu,
 * personality, statx against fstat, and access checks. Values that vary
 * are printed as relations.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <unistd.h>

#include "lvtest.h"

struct statx_min { /* the fields this test reads, at their offsets in struct statx */
	unsigned mask, blksize;
	unsigned long long attributes;
	unsigned nlink, uid, gid;
	unsigned short mode, pad;
	unsigned long long ino, size, blocks;
	char rest[256 - 64];
};

int main(int argc, char **argv)
{
	char name[32];
	show_ret("PR_SET_NAME", prctl(PR_SET_NAME, "a-rather-long-thread-name"), errno);
	prctl(PR_GET_NAME, name);
	say("PR_GET_NAME: %s\n", name);
	say("dumpable: %d\n", prctl(PR_GET_DUMPABLE));
	expect_err("unknown prctl 9999", prctl(9999, 0, 0, 0, 0), errno, EINVAL);

	struct sysinfo si;
	show_ret("sysinfo", sysinfo(&si), errno);
	say("totalram > freeram > 0: %s, mem_unit %u, procs > 0: %s\n",
	    si.totalram > si.freeram && si.freeram > 0 ? "yes" : "no", si.mem_unit, si.procs > 0 ? "yes" : "no");
	struct tms tm;
	say("times() > 0: %s\n", times(&tm) > 0 ? "yes" : "no");
	struct rusage ru;
	show_ret("getrusage(SELF)", getrusage(RUSAGE_SELF, &ru), errno);
	expect_err("getrusage(5)", getrusage(5, &ru), errno, EINVAL);

	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	show_ret("sched_setaffinity({0})", sched_setaffinity(0, sizeof(set), &set), errno);
	unsigned cpu = 99, node = 99;
	show_ret("getcpu", syscall(SYS_getcpu, &cpu, &node, 0), errno);
	say("cpu 0, node 0: %s\n", cpu == 0 && node == 0 ? "yes" : "no");
	say("personality: %#x\n", personality(0xffffffff));

	struct stat st;
	struct statx_min sx;
	stat(argv[0], &st);
	show_ret("statx", syscall(SYS_statx, AT_FDCWD, argv[0], 0, 0x7ff, &sx), errno);
	say("statx agrees with stat: %s\n",
	    sx.size == (unsigned long long)st.st_size && sx.ino == st.st_ino && sx.mode == st.st_mode ? "yes" : "no");
	expect_err("statx bad flags", syscall(SYS_statx, AT_FDCWD, argv[0], 0x1, 0x7ff, &sx), errno, EINVAL);
	expect_err("statx missing", syscall(SYS_statx, AT_FDCWD, "/nonexistent", 0, 0x7ff, &sx), errno, ENOENT);

	show_ret("access(program, X_OK)", access(argv[0], X_OK), errno);
	show_ret("access(/, R_OK|X_OK)", access("/", R_OK | X_OK), errno);
	expect_err("access(missing)", access("/nonexistent", F_OK), errno, ENOENT);
	expect_err("access bad mode", access("/", 8), errno, EINVAL);
	done();
	return 0;
}
