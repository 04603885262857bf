/*
 * oom_score_adj_proc.c — /proc/PID/oom_score_adj, oom_adj and oom_score
 * (Linux fs/proc/base.c): the value's range (-1000..1000, EINVAL outside
 * or for a non-number), the legacy oom_adj scale (15 is 1000, -17 is
 * -1000, else adj * 1000 / 17 and back adj * 17 / 1000), oom_score 0 for
 * -1000 (unkillable) and (1000 + badness * 1000 / totalpages) * 2 / 3
 * else, the value inherited by fork and kept by exec, and __set_oom_adj's
 * rule: a root writer sets oom_score_adj_min too, and after setuid to
 * nobody lowering below it is EACCES while raising is allowed.
 */
#include "lvtest.h"
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define ADJ "/proc/self/oom_score_adj"

static long read_number(const char *path)
{
	char buf[64];
	if (slurp_file(path, buf, sizeof(buf)) <= 0)
		return -99999;
	return strtol(buf, NULL, 10);
}

static void try_write(const char *label, const char *path, const char *text)
{
	long r = write_sysctl(path, text);
	show_ret(label, r < 0 ? -1 : 0, errno);
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* the exec'd image: what survived exec */
		say("after exec: oom_score_adj %ld\n", read_number(ADJ));
		return 0;
	}
	say("initial: oom_score_adj %ld oom_adj %ld\n", read_number(ADJ), read_number("/proc/self/oom_adj"));
	try_write("write 1001", ADJ, "1001");
	try_write("write -1001", ADJ, "-1001");
	try_write("write abc", ADJ, "abc");
	try_write("write 500", ADJ, "500");
	say("now: oom_score_adj %ld oom_adj %ld\n", read_number(ADJ), read_number("/proc/self/oom_adj"));
	long score = read_number("/proc/self/oom_score");
	yesno("oom_score at 500 is 990..1010", score >= 990 && score <= 1010); /* (1000 + ~500) * 2 / 3 */
	try_write("write -1000", ADJ, "-1000");
	say("oom_score at -1000: %ld\n", read_number("/proc/self/oom_score"));
	try_write("oom_adj write 15", "/proc/self/oom_adj", "15");
	say("oom_adj 15: oom_score_adj %ld\n", read_number(ADJ));
	try_write("oom_adj write 16", "/proc/self/oom_adj", "16");
	try_write("oom_adj write -18", "/proc/self/oom_adj", "-18");
	try_write("oom_adj write -8", "/proc/self/oom_adj", "-8");
	say("oom_adj -8: oom_score_adj %ld oom_adj %ld\n", read_number(ADJ), read_number("/proc/self/oom_adj"));
	try_write("oom_adj write -17", "/proc/self/oom_adj", "-17");
	say("oom_adj -17: oom_score_adj %ld\n", read_number(ADJ));

	try_write("write 300", ADJ, "300");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		say("child: oom_score_adj %ld\n", read_number(ADJ));
		fflush(stdout);
		execl("/proc/self/exe", argv[0], "after-exec", (char *)NULL);
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	pid = fork();
	if (pid == 0) { /* root wrote 300: that is the minimum now */
		if (setuid(65534) < 0)
			_exit(2);
		prctl(PR_SET_DUMPABLE, 1); /* /proc/self owned by us again */
		expect_err("nobody lowers to 200", write_sysctl(ADJ, "200"), errno, EACCES);
		try_write("nobody raises to 400", ADJ, "400");
		try_write("nobody lowers to 300 (the minimum)", ADJ, "300");
		expect_err("nobody oom_adj -17", write_sysctl("/proc/self/oom_adj", "-17"), errno, EACCES);
		say("nobody: oom_score_adj %ld\n", read_number(ADJ));
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("nobody child: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	done();
	return 0;
}
