/*
 * debian_tools.c — Debian's own programs from a tools/mkrootfs tree (issue
 * #17's rows), each a fork + execve + wait of the real program, median of
 * the rounds after one warm-up run, in ms:
 *   python3_c_pass_ms     /usr/bin/python3 -c pass
 *   gcc_c_200_lines_ms    gcc -O2 -c of a generated C file of 200 lines
 *   git_status_1000_ms    git status --porcelain in a repository of 1,000
 *                         committed files (made before the timing starts)
 * bench/run.py runs it in a boot of its own with the tree as the root file
 * system (its "Debian boot"), so the main boot stays small. The child's
 * stdout and stderr are /dev/null; a failure is reported as NA.
 */
#include "../src/bench.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5

static char *const tool_env[] = {"PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C", NULL};

static int run_once(const char *dir, char *const argv[])
{
	return bench_spawn_wait(dir, argv[0], argv, tool_env, true);
}

static void measure(const char *dir, char *const argv[], const char *metric)
{
	double t[ROUNDS];
	int err = run_once(dir, argv); /* warm up */
	for (int r = 0; r < ROUNDS && !err; r++) {
		double start = now_ns();
		err = run_once(dir, argv);
		t[r] = (now_ns() - start) / 1e6;
	}
	if (err > 0)
		not_available(metric, "%s: %s", argv[0], errno_name(err));
	else if (err < 0)
		not_available(metric, "%s: wait status 0x%x", argv[0], -err);
	else
		result(metric, median(t, ROUNDS));
}

static bool write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

/* A C file of exactly 200 lines: 39 small functions and a main. */
static bool write_c_file(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "#include <stdio.h>\n");
	for (int i = 0; i < 39; i++)
		fprintf(f, "static int f%d(int x)\n{\n\tint y = x * %d + 1;\n\treturn y ^ (x >> 3);\n}\n", i, i + 3);
	fprintf(f, "int main(void)\n{\n\tprintf(\"%%d\\n\", f0(1) + f38(2));\n\treturn 0;\n}\n");
	return fclose(f) == 0;
}

/* /tmp/repo: 1,000 files in 10 directories, added and committed. */
static bool make_repo(void)
{
	char path[64];
	mkdir("/tmp/repo", 0755);
	for (int d = 0; d < 10; d++) {
		snprintf(path, sizeof path, "/tmp/repo/d%d", d);
		mkdir(path, 0755);
		for (int i = 0; i < 100; i++) {
			char text[32];
			snprintf(path, sizeof path, "/tmp/repo/d%d/f%d.txt", d, i);
			snprintf(text, sizeof text, "file %d %d\n", d, i);
			if (!write_text(path, text))
				return false;
		}
	}
	char *init[] = {"/usr/bin/git", "init", "-q", NULL};
	char *add[] = {"/usr/bin/git", "add", ".", NULL};
	char *commit[] = {"/usr/bin/git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit",
			  "-q",		  "-m", "files",	   NULL};
	return run_once("/tmp/repo", init) == 0 && run_once("/tmp/repo", add) == 0 &&
	       run_once("/tmp/repo", commit) == 0;
}

int main(void)
{
	char *python[] = {"/usr/bin/python3", "-c", "pass", NULL};
	measure("/tmp", python, "python3_c_pass_ms");

	if (write_c_file("/tmp/bench200.c")) {
		char *gcc[] = {"/usr/bin/gcc", "-O2", "-c", "bench200.c", "-o", "bench200.o", NULL};
		measure("/tmp", gcc, "gcc_c_200_lines_ms");
	} else {
		not_available("gcc_c_200_lines_ms", "write /tmp/bench200.c: %s", errno_name(errno));
	}

	if (make_repo()) {
		char *status[] = {"/usr/bin/git", "status", "--porcelain", NULL};
		measure("/tmp/repo", status, "git_status_1000_ms");
	} else {
		not_available("git_status_1000_ms", "could not make the repository");
	}
	bench_done();
	return 0;
}
