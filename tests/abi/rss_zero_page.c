/*
 * rss_zero_page.c — reading fresh private anonymous memory maps the shared
 * zero page, which is nobody's resident set (Linux's rss counters count
 * what vm_normal_page finds, and it leaves the zero page out): the resident
 * size (/proc/self/statm) and ru_maxrss do not grow; writing the same
 * memory gives each page a frame of its own, and both grow by its size.
 * A forked child shares the written pages, and has them resident too; a
 * child of a process that only read the memory does not.
 *
 * Growth is printed in MiB, rounded: the C library's start-up differs, and
 * Linux's per-task rss counters lag (flushed first, below).
 */
#include "lvtest.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define SIZE (32L << 20)

static long resident_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size = 0, resident = 0;
	if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2)
		say("statm unreadable\n");
	if (f)
		fclose(f);
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static long maxrss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static long mib(long kib)
{
	return (kib + 512) / 1024;
}

/* Reads one byte per page; returns their sum (0 for fresh memory). */
static long read_pages(volatile const char *p)
{
	long sum = 0;
	for (long off = 0; off < SIZE; off += 4096)
		sum += p[off];
	return sum;
}

static void write_pages(volatile char *p)
{
	for (long off = 0; off < SIZE; off += 4096)
		p[off] = 1;
}

/* A forked child says how much of its resident set the mapping was: what
 * unmapping it takes away. */
static void child_resident(const char *label, char *p)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		long before = resident_kib();
		munmap(p, SIZE);
		say("%s: the mapping was %ld MiB of a child's resident set\n", label, mib(before - resident_kib()));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

int main(void)
{
	char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap: %s\n", errname(errno));
		return 1;
	}
	/* Linux keeps rss changes per task and adds them to the mm's counters
	 * every 64 faults (mm/memory.c check_sync_rss_stat): faults on a scratch
	 * mapping's zero page flush what start-up left pending, adding nothing */
	resident_kib();
	char *scratch = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int off = 0; scratch != MAP_FAILED && off < 1 << 20; off += 4096)
		(void)*(volatile char *)(scratch + off);
	munmap(scratch, 1 << 20);
	long rss0 = resident_kib(), max0 = maxrss_kib();
	long sum = read_pages(p);
	say("read 32 MiB of fresh memory: sum %ld, resident %+ld MiB, maxrss %+ld MiB\n", sum,
	    mib(resident_kib() - rss0), mib(maxrss_kib() - max0));
	child_resident("after the read", p);
	write_pages(p);
	say("wrote it: resident %+ld MiB, maxrss %+ld MiB\n", mib(resident_kib() - rss0), mib(maxrss_kib() - max0));
	child_resident("after the write", p);
	say("read back: sum %ld\n", read_pages(p));
	munmap(p, SIZE);
	say("unmapped: resident %+ld MiB\n", mib(resident_kib() - rss0));
	say("done\n");
	return 0;
}
