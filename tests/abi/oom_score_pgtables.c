/*
 * oom_score_pgtables.c — a process's badness counts its page-table pages
 * (Linux oom_badness: get_mm_rss + swap entries + mm_pgtables_bytes /
 * PAGE_SIZE), so /proc/PID/oom_score (proc_oom_score) is higher for one
 * whose pages are spread one per 2 MiB (a last-level table each) than for
 * one with as many pages side by side. Each child touches N pages, reports
 * its oom_score, and the difference is compared to what N tables make.
 */
#include "lvtest.h"

#include <sys/mman.h>
#include <sys/wait.h>

#define N 4000
#define SPREAD (2UL << 20)

static long own_score(void)
{
	char text[64];
	if (slurp_file("/proc/self/oom_score", text, sizeof text) < 0)
		return -1;
	return atol(text);
}

/* A child that touches N pages, spread or side by side, and writes its score. */
static long score_of(int spread)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	pid_t p = fork();
	if (p == 0) {
		size_t len = spread ? N * SPREAD : N * 4096UL;
		char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		long s = -2;
		if (m != MAP_FAILED) {
			madvise(m, len, MADV_NOHUGEPAGE); /* one 4 KiB page per touch, not a 2 MiB THP */
			for (size_t i = 0; i < N; i++)
				m[i * (spread ? SPREAD : 4096UL)] = 1;
			s = own_score();
		}
		write(fds[1], &s, sizeof s);
		_exit(0);
	}
	long s = -3;
	read(fds[0], &s, sizeof s);
	waitpid(p, NULL, 0);
	close(fds[0]);
	close(fds[1]);
	return s;
}

int main(void)
{
	long side = score_of(0), spread = score_of(1);
	say("scores read: %s\n", side > 0 && spread > 0 ? "yes" : "no");
	/* N tables of 262144 pages (1 GiB) move proc_oom_score's 0..2000 scale by
	 * N * 1000 / totalpages * 2 / 3, about 10 at 1 GiB; more than 5 either way */
	say("spread pages score higher by more than 5: %s\n", spread - side > 5 ? "yes" : "no");
	say("done\n");
	return 0;
}
