/*
 * fork_touched.c — fork + exit + wait of a process with 1, 64 and 512 MiB of
 * touched anonymous memory: how the copy-on-write set-up grows with the
 * address space (page tables copied, pages made read-only; no page copied,
 * since the child exits at once).
 *
 * For each size the parent maps and writes every page of a private anonymous
 * region, then times ROUNDS of fork(); child _exit(0); waitpid(). The region
 * is unmapped before the next size. Median of the rounds, per fork.
 *
 * Linux backs large anonymous regions with transparent huge pages (Debian:
 * THP "always"), so its fork copies one entry per 2 MiB; the _4k row repeats
 * the 512 MiB case after madvise(MADV_NOHUGEPAGE) (before touching), which
 * Linux honours with 4 KiB pages: the cost per 4 KiB page on both kernels
 * (a kernel without THP may refuse the advice; that changes nothing).
 *
 * Output: "RESULT fork_exit_wait_{1,64,512}m_us <us per fork>",
 * "RESULT fork_exit_wait_512m_4k_us <us>", then "done".
 */
#include "bench.h"
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

static int fork_wait(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(0);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	return 0;
}

static void one_size(unsigned long mib, int rounds, bool small_pages, const char *metric)
{
	size_t len = mib << 20;
	char *p = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		not_available(metric, "mmap %lu MiB: %s", mib, errno_name(errno));
		return;
	}
	if (small_pages)
		(void)madvise(p, len, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = 1;
	double t[rounds];
	int err = fork_wait(); /* warm up */
	for (int r = 0; r < rounds && !err; r++) {
		double start = now_ns();
		err = fork_wait();
		t[r] = (now_ns() - start) / 1e3;
	}
	if (err)
		not_available(metric, "fork: %s", errno_name(-err));
	else
		result(metric, median(t, rounds));
	munmap(p, len);
}

int main(void)
{
	one_size(1, 50, false, "fork_exit_wait_1m_us");
	one_size(64, 10, false, "fork_exit_wait_64m_us");
	one_size(512, 5, false, "fork_exit_wait_512m_us");
	one_size(512, 5, true, "fork_exit_wait_512m_4k_us");
	bench_done();
	return 0;
}
