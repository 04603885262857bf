/*
 * fork_exec.c — fork + execve + exit + wait of static binaries:
 *   fork_execve_hello_us  /b/data/exec_hello, a static glibc hello
 *   exec_1m_us            /b/data/exec_1m,  a 1 MiB static binary
 *   exec_32m_us           /b/data/exec_32m, a 32 MiB static binary
 *   fork_execve_dyn_hello_us  /b/data/exec_hello_dyn, the hello linked
 *                         dynamically (ld.so and libc.so.6 from /b/data/)
 *   fork_exec_sh_c_true_us /b/data/busybox sh -c true: Debian's static
 *                         BusyBox starting its shell (issue #15)
 * (bench/targets/exec_target.c; run.py packs build/bench/data/ as /b/data/).
 * The child's stdout is /dev/null. The size rows show how exec's cost grows
 * with the file (the big binary's data is never touched). Median of the
 * rounds, us per fork+exec+exit+wait.
 *
 * Output: "RESULT <metric> <us>" (or "NA <metric> <why>"), then "done".
 */
#include "bench.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 15

/* 0 when the child exec'd path and exited 0, else a positive errno or
 * (for a bad exit status) -status. */
static int run_once(const char *path, char *const argv[])
{
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return errno;
	pid_t pid = fork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		char *envp[] = {NULL};
		execve(path, argv, envp);
		int err = errno;
		(void)!write(pfd[1], &err, sizeof err);
		_exit(127);
	}
	close(pfd[1]);
	int exec_err = 0, status = 0;
	if (read(pfd[0], &exec_err, sizeof exec_err) != sizeof exec_err)
		exec_err = 0; /* EOF: the exec closed the pipe */
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return errno;
	if (exec_err)
		return exec_err;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -status;
}

static void one_argv(const char *path, char *const argv[], const char *metric)
{
	double t[ROUNDS];
	int err = run_once(path, argv); /* warm up: page cache, page tables */
	for (int r = 0; r < ROUNDS && !err; r++) {
		double start = now_ns();
		err = run_once(path, argv);
		t[r] = (now_ns() - start) / 1e3;
	}
	if (err > 0)
		not_available(metric, "execve %s: %s", path, errno_name(err));
	else if (err < 0)
		not_available(metric, "%s: wait status 0x%x", path, -err);
	else
		result(metric, median(t, ROUNDS));
}

static void one(const char *path, const char *metric)
{
	char *argv[] = {(char *)path, NULL};
	one_argv(path, argv, metric);
}

int main(void)
{
	one("/b/data/exec_hello", "fork_execve_hello_us");
	one("/b/data/exec_1m", "exec_1m_us");
	one("/b/data/exec_32m", "exec_32m_us");
	one("/b/data/exec_hello_dyn", "fork_execve_dyn_hello_us");
	char *sh_true[] = {"sh", "-c", "true", NULL};
	one_argv("/b/data/busybox", sh_true, "fork_exec_sh_c_true_us");
	bench_done();
	return 0;
}
