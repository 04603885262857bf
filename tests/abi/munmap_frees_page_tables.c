/* munmap_frees_page_tables: munmap gives back the page-table pages of a
 * range nothing is mapped in any more (Linux mm/memory.c free_pgtables),
 * seen in /proc/self/status's VmPTE, and the pages around an unmapped
 * range keep their contents:
 *   - 64 MiB with one page touched per 2 MiB (a last-level table each)
 *     then unmapped: VmPTE back within two tables of where it was (the
 *     tables at either end may be shared with a neighbouring mapping);
 *   - after fork, a child unmapping 16 MiB its parent touched whole: the
 *     child's VmPTE drops by at least 7 tables;
 *   - one page unmapped between two others of the same table: both keep
 *     their bytes, and a new mapping at the hole reads zero;
 *   - mremap moving 4 MiB to a free place 6 MiB above it: every page
 *     arrives (the move's unmap of the old range must keep the tables the
 *     entries moved into);
 *   - 200 rounds of map, touch, unmap of 8 MiB: VmPTE does not grow. */
#include "lvtest.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096UL
#define TABLE_SPAN (2UL << 20)

static long vm_pte_kb(void)
{
	static char text[8192];
	if (slurp_file("/proc/self/status", text, sizeof text) <= 0)
		return -1;
	char *p = strstr(text, "\nVmPTE:");
	return p ? strtol(p + strlen("\nVmPTE:"), NULL, 10) : -1;
}

static char *map_anon(void *at, size_t len, int extra)
{
	char *p = mmap(at, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap: %s\n", errname(errno));
		exit(1);
	}
	return p;
}

static void wide_unmap(void)
{
	const size_t wide = 64UL << 20;
	long before = vm_pte_kb();
	char *t = map_anon(NULL, wide, 0);
	for (size_t off = 0; off < wide; off += TABLE_SPAN)
		t[off] = 1;
	long touched = vm_pte_kb();
	check("64 MiB touched once per 2 MiB: VmPTE grows by at least 31 tables", touched - before >= 31 * 4);
	munmap(t, wide);
	long after = vm_pte_kb();
	check("unmapped: VmPTE back within two tables", after - before <= 2 * 4);
}

static void child_unmap(void)
{
	const size_t len = 16UL << 20;
	char *p = map_anon(NULL, len, 0);
	memset(p, 7, len);
	pid_t pid = fork();
	if (pid == 0) {
		long before = vm_pte_kb();
		munmap(p, len);
		long after = vm_pte_kb();
		check("child unmapping 16 MiB its parent touched: VmPTE drops by at least 7 tables",
		      before - after >= 7 * 4);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	check("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("parent's 16 MiB intact after the child's unmap", p[0] == 7 && p[len / 2] == 7 && p[len - 1] == 7);
	munmap(p, len);
}

static void hole_in_table(void)
{
	char *p = map_anon(NULL, 3 * PG, 0);
	memset(p, 'a', PG);
	memset(p + PG, 'b', PG);
	memset(p + 2 * PG, 'c', PG);
	munmap(p + PG, PG);
	check("pages beside an unmapped one keep their bytes", p[0] == 'a' && p[PG - 1] == 'a' && p[2 * PG] == 'c');
	char *q = map_anon(p + PG, PG, MAP_FIXED);
	check("a new page in the hole reads zero", q == p + PG && q[0] == 0 && q[PG - 1] == 0);
	munmap(p, 3 * PG);
}

static void mremap_nearby(void)
{
	const size_t len = 4UL << 20;
	/* reserve 12 MiB, keep the lowest 4 as the source, free the rest */
	char *base = map_anon(NULL, 12UL << 20, 0);
	munmap(base + len, 8UL << 20);
	for (size_t off = 0; off < len; off += PG)
		base[off] = (char)(off / PG);
	char *to = base + len + TABLE_SPAN;
	char *got = mremap(base, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	int same = got == to;
	for (size_t off = 0; same && off < len; off += PG)
		same = got[off] == (char)(off / PG);
	check("mremap 4 MiB to a free place 6 MiB up: every page arrives", same);
	munmap(got, len);
}

static void rounds(void)
{
	const size_t len = 8UL << 20;
	long first = -1;
	for (int round = 0; round < 200; round++) {
		char *p = map_anon(NULL, len, 0);
		for (size_t off = 0; off < len; off += TABLE_SPAN / 4)
			p[off] = 1;
		munmap(p, len);
		if (round == 0)
			first = vm_pte_kb();
	}
	check("200 rounds of map, touch, unmap: VmPTE does not grow", vm_pte_kb() <= first);
}

int main(void)
{
	vm_pte_kb(); /* its buffer's pages in place before the first figure */
	wide_unmap();
	child_unmap();
	hole_in_table();
	mremap_nearby();
	rounds();
	done();
	return 0;
}
