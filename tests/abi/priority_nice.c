/*
 * priority_nice.c — getpriority/setpriority (getpriority(2)): nice values
 * of this process, of a child, of a process group and of a user; a
 * non-root process may raise its nice value but not lower it (EACCES with
 * RLIMIT_NICE 0) and may not renice another user's process (EPERM). A
 * child inherits its parent's nice value. Out-of-range values are clamped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void show_prio(const char *label, int which, int who)
{
	errno = 0;
	int p = getpriority(which, who);
	say("%s: %d %s\n", label, p, errname(errno));
}

int main(void)
{
	show_prio("own nice", PRIO_PROCESS, 0);
	int gate[2], back[2];
	if (pipe(gate) || pipe(back))
		return 1;
	pid_t root_pid = getpid();
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(gate[0], &c, 1);
		show_prio("child inherits", PRIO_PROCESS, 0);
		syscall(SYS_setresuid, 1000, 1000, 1000);
		show_ret("uid 1000: raise own to 10", setpriority(PRIO_PROCESS, 0, 10), errno);
		expect_err("uid 1000: lower own to 5", setpriority(PRIO_PROCESS, 0, 5), errno, EACCES);
		expect_err("uid 1000: renice root's process", setpriority(PRIO_PROCESS, root_pid, 10), errno, EPERM);
		show_prio("uid 1000 reads root's process", PRIO_PROCESS, root_pid);
		write(back[1], "x", 1);
		pause();
		_exit(0);
	}
	show_ret("setpriority(self, 3)", setpriority(PRIO_PROCESS, 0, 3), errno);
	pid_t second = fork();
	if (second == 0) {
		write(gate[1], "x", 1);
		pause();
		_exit(0);
	}
	/* the first child forked before: 0; let it go on */
	char c;
	read(back[0], &c, 1);
	show_prio("child after raising", PRIO_PROCESS, child);
	show_ret("root: setpriority(child, -5)", setpriority(PRIO_PROCESS, child, -5), errno);
	show_prio("child now", PRIO_PROCESS, child);
	show_ret("setpriority(child, 100) clamps", setpriority(PRIO_PROCESS, child, 100), errno);
	show_prio("child clamped", PRIO_PROCESS, child);
	show_prio("second child", PRIO_PROCESS, second);
	setpgid(second, second);
	show_ret("setpriority(PRIO_PGRP, second's group, 7)", setpriority(PRIO_PGRP, second, 7), errno);
	show_prio("PRIO_PGRP", PRIO_PGRP, second);
	show_prio("PRIO_USER 1000", PRIO_USER, 1000);
	show_prio("PRIO_PROCESS 999999", PRIO_PROCESS, 999999);
	show_prio("which 5", 5, 0);
	kill(child, SIGKILL);
	kill(second, SIGKILL);
	while (wait(NULL) > 0)
		;
	done();
	return 0;
}
