/* ioprio_classes: ioprio_get/ioprio_set as Linux's block/ioprio.c answers
 * them (6.12): a thread that never set one reads class NONE whatever its
 * nice value; BE, IDLE, RT for root, NONE again; the level is the low
 * three bits, the bits above it hints kept as given; the checks (a NONE
 * level, classes 4-7: EINVAL; which out of range: EINVAL; no such thread or
 * user: ESRCH); the best of a group's values; a
 * child inherits a set priority; an unprivileged caller gets EPERM for RT
 * and for root's threads. Raw system calls: neither C library wraps them. */
#include "lvtest.h"
#include <sys/resource.h>
#include <sys/wait.h>

#define WHO_PROCESS 1
#define WHO_PGRP 2
#define WHO_USER 3
#define VALUE(class, level) (((class) << 13) | (level))

static void show(const char *label, int which, int who)
{
	long v = syscall(SYS_ioprio_get, which, who);
	if (v < 0)
		say("%s: errno %s\n", label, errname(errno));
	else
		say("%s: class %ld level %ld\n", label, v >> 13, v & 0x1fff);
}

static long set(int which, int who, int prio)
{
	return syscall(SYS_ioprio_set, which, who, prio);
}

static void unprivileged_child(void)
{
	pid_t parent = getppid();
	if (setresuid(65534, 65534, 65534) != 0)
		_exit(2);
	expect_err("nobody: RT", set(WHO_PROCESS, 0, VALUE(1, 0)), errno, EPERM);
	show_ret("nobody: BE 3 on itself", set(WHO_PROCESS, 0, VALUE(2, 3)), errno);
	show("nobody: itself", WHO_PROCESS, 0);
	expect_err("nobody: root's process", set(WHO_PROCESS, parent, VALUE(2, 1)), errno, EPERM);
	show("nobody: root's process, read", WHO_PROCESS, parent);
	_exit(0);
}

int main(void)
{
	show("fresh", WHO_PROCESS, 0);
	setpriority(PRIO_PROCESS, 0, 10);
	show("nice 10", WHO_PROCESS, 0);
	setpriority(PRIO_PROCESS, 0, 0);
	show_ret("set BE 7", set(WHO_PROCESS, 0, VALUE(2, 7)), errno);
	show("after BE 7", WHO_PROCESS, 0);
	show_ret("set IDLE 5", set(WHO_PROCESS, getpid(), VALUE(3, 5)), errno);
	show("after IDLE 5", WHO_PROCESS, getpid());
	show_ret("set RT 2", set(WHO_PROCESS, 0, VALUE(1, 2)), errno);
	show("after RT 2", WHO_PROCESS, 0);
	show("process group", WHO_PGRP, 0);
	show("user", WHO_USER, 0);
	expect_err("NONE level 1", set(WHO_PROCESS, 0, VALUE(0, 1)), errno, EINVAL);
	show_ret("BE with hint 1 (8)", set(WHO_PROCESS, 0, VALUE(2, 8)), errno);
	show("after BE 8", WHO_PROCESS, 0);
	show_ret("NONE with hint 1 (8)", set(WHO_PROCESS, 0, VALUE(0, 8)), errno);
	show("after NONE 8", WHO_PROCESS, 0);
	expect_err("class 4", set(WHO_PROCESS, 0, VALUE(4, 0)), errno, EINVAL);
	expect_err("class 7 (-1)", set(WHO_PROCESS, 0, -1), errno, EINVAL);
	expect_err("which 0", set(0, 0, VALUE(2, 1)), errno, EINVAL);
	expect_err("which 4 get", syscall(SYS_ioprio_get, 4, 0), errno, EINVAL);
	expect_err("no such thread", set(WHO_PROCESS, 4000000, VALUE(2, 1)), errno, ESRCH);
	expect_err("no such user", syscall(SYS_ioprio_get, WHO_USER, 54321), errno, ESRCH);
	show_ret("set BE 1", set(WHO_PROCESS, 0, VALUE(2, 1)), errno);
	pid_t pid = fork();
	if (pid == 0) {
		show("child inherits", WHO_PROCESS, 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	int go[2], ready[2];
	pipe(go);
	pipe(ready);
	pid = fork();
	char c;
	if (pid == 0) { /* a second member of the process group, NONE: counts as BE 4 */
		set(WHO_PROCESS, 0, VALUE(0, 0));
		close(go[1]);
		write(ready[1], "r", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	read(ready[0], &c, 1);
	show("group of BE 1 and NONE", WHO_PGRP, 0);
	show_ret("set IDLE 0", set(WHO_PROCESS, 0, VALUE(3, 0)), errno);
	show("group of IDLE 0 and NONE", WHO_PGRP, 0);
	close(go[1]);
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0)
		unprivileged_child();
	waitpid(pid, NULL, 0);
	show_ret("set NONE", set(WHO_PROCESS, 0, VALUE(0, 0)), errno);
	show("after NONE", WHO_PROCESS, 0);
	done();
	return 0;
}
