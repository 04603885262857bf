/*
 * smp_reap_frees_pid.c — a child's pid leaves the process table when its
 * parent reaps it (Linux kernel/exit.c release_task: __unhash_process
 * detaches the pid before wait returns), not later when the child's last
 * task is freed on the CPU it died on. On two CPUs (run_abi.py boots smp_*
 * tests with two) the child exits on one while the parent waits on the
 * other, 800 times: right after waitpid returns, kill(pid, 0) is ESRCH,
 * the pidfd opened before the reap polls readable and not hung up (Linux
 * 6.1 pidfd_poll: POLLIN once the thread group is gone, never POLLHUP),
 * /proc/PID is gone (ENOENT), and with pid_max lowered to 400 the numbers
 * are handed out again and again (the cursor wraps several times) without
 * fork ever failing. pid_max is restored.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

#define ROUNDS 800
#define PID_MAX "/proc/sys/kernel/pid_max"

int main(void)
{
	char old[32];
	slurp_file(PID_MAX, old, sizeof old);
	long r = write_sysctl(PID_MAX, "400");
	say("pid_max 400: %s\n", r < 0 ? errname(errno) : "ok");
	int fork_failed = 0, still_killable = 0, not_readable = 0, hung_up = 0, proc_left = 0, bad_status = 0,
	    wraps = 0;
	pid_t prev = 0;
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			fork_failed++;
			continue;
		}
		if (pid == 0)
			_exit(i & 0x7f);
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		int status;
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != (i & 0x7f))
			bad_status++;
		if (kill(pid, 0) == 0 || errno != ESRCH)
			still_killable++;
		struct pollfd p = {.fd = pidfd, .events = POLLIN};
		int polled = pidfd >= 0 ? poll(&p, 1, 0) : -1;
		not_readable += polled != 1 || !(p.revents & POLLIN);
		hung_up += polled == 1 && (p.revents & POLLHUP);
		close(pidfd);
		char path[32];
		snprintf(path, sizeof path, "/proc/%d", pid);
		if (access(path, F_OK) == 0 || errno != ENOENT)
			proc_left++;
		wraps += pid < prev;
		prev = pid;
	}
	say("forks that failed: %d\n", fork_failed);
	say("wrong wait status: %d\n", bad_status);
	say("reaped pids kill(0) still found: %d\n", still_killable);
	say("pidfds not readable after the reap: %d\n", not_readable);
	say("pidfds hung up after the reap: %d\n", hung_up);
	say("reaped pids still in /proc: %d\n", proc_left);
	yesno("the pid numbers wrapped several times", wraps >= 3);
	r = write_sysctl(PID_MAX, old);
	say("write the old value back: %s\n", r < 0 ? errname(errno) : "ok");
	done();
	return 0;
}
