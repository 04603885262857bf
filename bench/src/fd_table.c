/*
 * fd_table.c — a 10,000-entry file-descriptor table.
 *
 * RLIMIT_NOFILE is raised to 20,000 first (Linux's default soft limit is
 * 1024; root may raise it up to fs.nr_open, 1048576). Then:
 *   fd_dup_fill_ns       dup(0) 10,000 times: each gets the lowest free fd,
 *                        the table grows as needed; ns per dup
 *   fd_dup_close_full_ns dup(0) + close on the full table: the lowest free
 *                        fd is 10,003; ns per pair (median of 5 loops)
 *   fd_close_all_ns      close of the 10,000; ns per close
 *
 * Output: "RESULT <metric> <ns>" (or "NA <metric> <why>"), then "done".
 */
#include "bench.h"
#include <sys/resource.h>
#include <unistd.h>

#define FDS 10000
#define PAIRS 2000
#define REPEATS 5

static int fds[FDS];

static void all_na(const char *why, int err)
{
	not_available("fd_dup_fill_ns", "%s: %s", why, errno_name(err));
	not_available("fd_dup_close_full_ns", "%s: %s", why, errno_name(err));
	not_available("fd_close_all_ns", "%s: %s", why, errno_name(err));
}

int main(void)
{
	struct rlimit rl = {.rlim_cur = 2 * FDS, .rlim_max = 2 * FDS};
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
		all_na("setrlimit(RLIMIT_NOFILE, 20000)", errno);
		bench_done();
		return 0;
	}
	double start = now_ns();
	for (int i = 0; i < FDS; i++) {
		fds[i] = dup(0);
		if (fds[i] < 0) {
			int err = errno;
			char why[64];
			snprintf(why, sizeof why, "dup number %d", i + 1);
			for (int j = 0; j < i; j++)
				close(fds[j]);
			all_na(why, err);
			bench_done();
			return 0;
		}
	}
	result("fd_dup_fill_ns", (now_ns() - start) / FDS);
	double t[REPEATS];
	for (int r = 0; r < REPEATS; r++) {
		start = now_ns();
		for (int i = 0; i < PAIRS; i++)
			close(dup(0));
		t[r] = (now_ns() - start) / PAIRS;
	}
	result("fd_dup_close_full_ns", median(t, REPEATS));
	start = now_ns();
	for (int i = 0; i < FDS; i++)
		close(fds[i]);
	result("fd_close_all_ns", (now_ns() - start) / FDS);
	bench_done();
	return 0;
}
