/*
 * prlimit_other.c — prlimit(2) on another process: root reads and sets a
 * child's limits (the child sees them); a process of another user may not
 * (EPERM); raising a hard limit needs CAP_SYS_RESOURCE; an unknown pid is
 * ESRCH. sched_getaffinity and clock_getcpuclockid also name other
 * processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	int to_child[2], to_parent[2];
	if (pipe(to_child) || pipe(to_parent))
		return 1;
	pid_t root_pid = getpid();
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(to_child[0], &c, 1);
		struct rlimit rl;
		getrlimit(RLIMIT_NOFILE, &rl);
		say("child sees NOFILE %lu/%lu\n", (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max);
		syscall(SYS_setresuid, 1000, 1000, 1000);
		expect_err("uid 1000: prlimit(root's process)", prlimit(root_pid, RLIMIT_NOFILE, NULL, &rl), errno,
			   EPERM);
		struct rlimit higher = {rl.rlim_cur, rl.rlim_max + 1};
		expect_err("uid 1000: raise own hard limit", setrlimit(RLIMIT_NOFILE, &higher), errno, EPERM);
		struct rlimit lower = {100, 200};
		show_ret("uid 1000: lower own limits", setrlimit(RLIMIT_NOFILE, &lower), errno);
		write(to_parent[1], "x", 1);
		pause();
		_exit(0);
	}
	struct rlimit old, new = {256, 512};
	show_ret("prlimit(child, NOFILE, new, old)", prlimit(child, RLIMIT_NOFILE, &new, &old), errno);
	say("old was %lu/%lu\n", (unsigned long)old.rlim_cur, (unsigned long)old.rlim_max);
	write(to_child[1], "x", 1);
	char c;
	read(to_parent[0], &c, 1);
	struct rlimit now;
	show_ret("root: prlimit(uid 1000 child, read)", prlimit(child, RLIMIT_NOFILE, NULL, &now), errno);
	say("child's limits now %lu/%lu\n", (unsigned long)now.rlim_cur, (unsigned long)now.rlim_max);
	expect_err("prlimit(999999)", prlimit(999999, RLIMIT_NOFILE, NULL, &now), errno, ESRCH);

	cpu_set_t set;
	CPU_ZERO(&set);
	show_ret("sched_getaffinity(child) > 0", sched_getaffinity(child, sizeof(set), &set) == 0, errno);
	say("CPU 0 in the child's mask: %s\n", CPU_ISSET(0, &set) ? "yes" : "no");
	expect_err("sched_getaffinity(999999)", sched_getaffinity(999999, sizeof(set), &set), errno, ESRCH);
	clockid_t clk;
	int r = clock_getcpuclockid(child, &clk);
	say("clock_getcpuclockid(child): %s\n", errname(r));
	struct timespec ts;
	show_ret("clock_gettime(child's CPU clock)", clock_gettime(clk, &ts), errno);
	say("clock_getcpuclockid(999999): %s\n", errname(clock_getcpuclockid(999999, &clk)));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	done();
	return 0;
}
