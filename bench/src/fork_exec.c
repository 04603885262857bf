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

static int run_once(const char *path, char *const argv[])
{
	char *envp[] = {NULL};
	return bench_spawn_wait(NULL, path, argv, envp, false);
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
