/*
 * cred_setresuid_rules.c — credentials (credentials(7), kernel/sys.c): root
 * may set any ids; a child that drops to uid 1000 may only move between its
 * real, effective and saved ids (EPERM otherwise), setuid(2) as a
 * non-root changes only the effective id, setfsuid follows the rules and
 * always returns the old value, the groups calls need root, and a non-root
 * process may not signal root's (EPERM) but may signal its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void show_ids(const char *label)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	int fsuid = (int)syscall(SYS_setfsuid, -1);
	int fsgid = (int)syscall(SYS_setfsgid, -1);
	say("%s: uid %d/%d/%d fs %d, gid %d/%d/%d fs %d\n", label, (int)r, (int)e, (int)s, fsuid, (int)gr, (int)ge,
	    (int)gs, fsgid);
}

/* raw system calls: the C libraries would broadcast to all threads */
static long raw(long nr, long a, long b, long c)
{
	return syscall(nr, a, b, c);
}

static void child(pid_t root_pid)
{
	show_ret("setgroups(2 groups)", setgroups(2, (gid_t[]){30, 20}), errno);
	gid_t list[8];
	int n = getgroups(8, list);
	say("getgroups: %d: %d %d (sorted)\n", n, (int)list[0], (int)list[1]);
	expect_err("getgroups(1, ...)", getgroups(1, list), errno, EINVAL);
	say("getgroups(0): %d\n", getgroups(0, NULL));
	show_ret("setresgid(100, 100, 100)", raw(SYS_setresgid, 100, 100, 100), errno);
	show_ret("setresuid(1000, 1000, 0)", raw(SYS_setresuid, 1000, 1000, 0), errno);
	show_ids("after");
	show_ret("setresuid(-1, 0, -1) back through saved", raw(SYS_setresuid, -1, 0, -1), errno);
	show_ids("euid 0");
	show_ret("setresuid(1000, 1000, 1000)", raw(SYS_setresuid, 1000, 1000, 1000), errno);
	show_ids("all 1000");
	expect_err("setresuid(0, -1, -1)", raw(SYS_setresuid, 0, -1, -1), errno, EPERM);
	expect_err("setuid(0)", raw(SYS_setuid, 0, 0, 0), errno, EPERM);
	expect_err("setreuid(-1, 2000)", raw(SYS_setreuid, -1, 2000, 0), errno, EPERM);
	expect_err("setgid(0)", raw(SYS_setgid, 0, 0, 0), errno, EPERM);
	expect_err("setgroups(0)", setgroups(0, NULL), errno, EPERM);
	say("setfsuid(0) returns the old: %d\n", (int)raw(SYS_setfsuid, 0, 0, 0));
	say("setfsuid(-1) shows it unchanged: %d\n", (int)raw(SYS_setfsuid, -1, 0, 0));
	show_ret("setuid(1000)", raw(SYS_setuid, 1000, 0, 0), errno);
	show_ret("setreuid(1000, -1)", raw(SYS_setreuid, 1000, -1, 0), errno);
	show_ids("end");
	expect_err("kill(root's process, 0)", kill(root_pid, 0), errno, EPERM);
	show_ret("kill(itself, 0)", kill(getpid(), 0), errno);
	expect_err("setuid(-1)", raw(SYS_setuid, -1, 0, 0), errno, EINVAL);
}

int main(void)
{
	show_ids("root");
	pid_t root_pid = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		child(root_pid);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	show_ret("setreuid(5, 6) as root", raw(SYS_setreuid, 5, 6, 0), errno);
	show_ids("root after setreuid");
	show_ret("setreuid(0, 0) back (saved is 6: EPERM)", raw(SYS_setreuid, 0, 0, 0), errno);
	done();
	return 0;
}
