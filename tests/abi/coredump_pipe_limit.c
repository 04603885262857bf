/* coredump_pipe_limit: kernel.core_pipe_limit (core(5); Linux
 * fs/coredump.c do_coredump, wait_for_dump_helpers). 0 (the default): no
 * limit, and a dumper does not wait for its helper. N: at most N dumps into
 * helpers at once, the others skipped (no core, WCOREDUMP clear), and each
 * dumper waits until its helper closes the pipe, so the helper still finds
 * the process when it looks. The file is proc_dointvec: any int. The
 * helper signals through a FIFO (a handshake, no sleeping): while the
 * first dumper waits for its helper, a second crash is over the limit. */
#include "fs_test.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define FIFO "/tmp/cpl-fifo"
#define DONE "/tmp/cpl-done"
#define LIMIT "/proc/sys/kernel/core_pipe_limit"

/* The helper: reads the core to its end, then waits for the test on the
 * FIFO, leaves a mark and exits (which closes the pipe). */
static int helper(void)
{
	static char buf[1 << 16];
	while (read(0, buf, sizeof(buf)) > 0)
		;
	int fd = open(FIFO, O_RDONLY);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(open(DONE, O_CREAT | O_WRONLY, 0644));
	return 0;
}

static pid_t crash(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = {RLIM_INFINITY, RLIM_INFINITY};
		setrlimit(RLIMIT_CORE, &r);
		abort();
	}
	return pid;
}

static void say_status(const char *label, pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	say("%s: signal %d, core dumped %s\n", label, WTERMSIG(status), WCOREDUMP(status) ? "yes" : "no");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "helper") == 0)
		return helper();
	say_file("core_pipe_limit", LIMIT);
	R("write -5", write_sysctl(LIMIT, "-5"));
	say_file("core_pipe_limit", LIMIT);
	expect_err("write x", write_sysctl(LIMIT, "x"), errno, EINVAL);
	R("write 1", write_sysctl(LIMIT, "1"));
	say_file("core_pipe_limit", LIMIT);

	char self[256] = {0}, saved[256] = {0}, pattern[512];
	readlink("/proc/self/exe", self, sizeof(self) - 1);
	slurp_file("/proc/sys/kernel/core_pattern", saved, sizeof(saved));
	snprintf(pattern, sizeof(pattern), "|%s helper", self);
	say("set pattern: %s\n", write_sysctl("/proc/sys/kernel/core_pattern", pattern) > 0 ? "ok" : "failed");
	unlink(FIFO);
	unlink(DONE);
	mkfifo(FIFO, 0600);

	pid_t first = crash();
	int go = open(FIFO, O_WRONLY); /* the helper has read the whole core: its dumper waits */
	pid_t second = crash();
	say_status("second crash, over the limit", second);
	close(go);
	say_status("first crash", first);
	yesno("its helper had finished when it was reaped", access(DONE, F_OK) == 0);

	write_sysctl("/proc/sys/kernel/core_pattern", saved);
	R("write 0", write_sysctl(LIMIT, "0"));
	unlink(FIFO);
	unlink(DONE);
	done();
	return 0;
}
