/*
 * pid_max_wrap.c — writing /proc/sys/kernel/pid_max (kernel/sysctl.c
 * proc_dointvec_minmax with pid_max_min = RESERVED_PIDS + 1 = 301 and
 * pid_max_max = PID_MAX_LIMIT = 4194304; kernel/pid.c alloc_pid with
 * idr_alloc_cyclic): values out of range are EINVAL; with pid_max 400 new
 * pids stay below 400 and, once the cursor passes the top, wrap to
 * RESERVED_PIDS (300) and up. Children exit at once and are reaped before
 * the next fork; the exact numbers are not printed (kernel threads take
 * numbers on Linux), only whether each rule held. pid_max is restored.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <sys/wait.h>

#define PID_MAX "/proc/sys/kernel/pid_max"

static void try_write(const char *text)
{
	long r = write_sysctl(PID_MAX, text);
	say("write %s: %s\n", text, r < 0 ? errname(errno) : "ok");
}

static pid_t fork_and_reap(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

int main(void)
{
	char old[32];
	slurp_file(PID_MAX, old, sizeof old);
	say("pid_max: %s", old);
	try_write("300");
	try_write("-1");
	try_write("4194305");
	try_write("4194304");
	char buf[32];
	slurp_file(PID_MAX, buf, sizeof buf);
	say("pid_max: %s", buf);
	try_write("400");
	slurp_file(PID_MAX, buf, sizeof buf);
	say("pid_max: %s", buf);

	pid_t prev = fork_and_reap(), first_after = 0, last_before = 0;
	int over = 0;
	for (int i = 0; i < 500 && !first_after; i++) {
		pid_t pid = fork_and_reap();
		if (pid < 0) {
			say("fork: %s\n", errname(errno));
			break;
		}
		over += pid >= 400;
		if (pid < prev) {
			last_before = prev;
			first_after = pid;
		}
		prev = pid;
	}
	say("a pid of 400 or more: %d\n", over);
	yesno("wrapped", first_after != 0);
	yesno("the last pid before the wrap is below 400", last_before > 0 && last_before < 400);
	yesno("the first after it is from 300 up", first_after >= 300 && first_after < 400);
	pid_t self = getpid();
	say("this process keeps its pid: %d\n", getpid() == self);
	long r = write_sysctl(PID_MAX, old);
	say("write the old value back: %s\n", r < 0 ? errname(errno) : "ok");
	slurp_file(PID_MAX, buf, sizeof buf);
	say("pid_max restored: %d\n", strcmp(buf, old) == 0);
	done();
	return 0;
}
