/*
 * vma_merge_anon.c — which neighbouring private anonymous mappings become
 * one line of /proc/self/maps, by their anonymous pages (Linux
 * mm/mmap.c is_mergeable_anon_vma: an anon_vma is made at a mapping's
 * first written page; split halves share it, a fork's copy gets its own
 * chained to the parent's):
 *
 *   1. a new mapping right above a written one merges into it;
 *   2. in a fork's child it does not (the written mapping's anon_vma was
 *      cloned from the parent: LTP vma01), and in the parent at the same
 *      time it does;
 *   3. two mappings written before they became alike (different
 *      protections, then mprotect) stay two: two anon_vmas;
 *   4. a written mapping split by mprotect and made alike again is one;
 *   5. a mapping never written merges with anything alike.
 *
 * Each case works in 6 pages between two PROT_NONE guard pages (never
 * alike, so never merged with the case's mappings): a hole of 8 pages
 * found by mapping and unmapping them, the guards mapped back at its ends,
 * the pieces with MAP_FIXED_NOREPLACE. A case says how many pages the
 * maps line at its start has, and the next line's if it starts inside the
 * 6 pages.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static long page;

/* 6 free pages between two guard pages. */
static char *hole(void)
{
	char *p = mmap(NULL, 8 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (munmap(p + page, 6 * page) != 0)
		return NULL;
	return p + page;
}

static char *map_at(char *at, int pages, int prot)
{
	char *p = mmap(at, pages * page, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	return p == at ? p : NULL;
}

/* Pages of the maps line that starts at start, 0 if none does. */
static long line_pages(char *start)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	long pages = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo == (unsigned long)start)
			pages = (long)(hi - lo) / page;
	}
	if (f)
		fclose(f);
	return pages;
}

static void say_lines(const char *label, char *start)
{
	long first = line_pages(start);
	long second = first && first < 6 ? line_pages(start + first * page) : 0;
	say("%s: %ld pages then %ld\n", label, first, first + second <= 6 ? second : -1);
}

int main(void)
{
	page = sysconf(_SC_PAGESIZE);
	const int rw = PROT_READ | PROT_WRITE;

	/* 1 */
	char *t = hole();
	if (!t || !map_at(t, 3, rw))
		return 1;
	memset(t, 1, page);
	if (!map_at(t + 3 * page, 3, rw))
		return 1;
	say_lines("written, then a new one above", t);

	/* 2 */
	char *p = hole();
	if (!p || !map_at(p, 3, rw))
		return 1;
	memset(p, 1, page);
	fflush(stdout);
	int to_parent[2], to_child[2];
	if (pipe(to_parent) || pipe(to_child))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		if (!map_at(p + 3 * page, 3, rw))
			_exit(2);
		say_lines("fork's child: a new one above the copy", p);
		if (write(to_parent[1], "x", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(3);
		_exit(0);
	}
	char c;
	if (read(to_parent[0], &c, 1) != 1) /* the child printed: the parent's line next */
		return 1;
	if (!map_at(p + 3 * page, 3, rw))
		return 1;
	say_lines("fork's parent: a new one above", p);
	if (write(to_child[1], "x", 1) != 1)
		return 1;
	int status;
	waitpid(pid, &status, 0);
	check("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* 3 */
	char *a = hole();
	if (!a || !map_at(a, 3, rw) || !map_at(a + 3 * page, 3, PROT_READ | PROT_WRITE | PROT_EXEC))
		return 1;
	memset(a, 1, page);
	memset(a + 3 * page, 1, page);
	check("mprotect of the upper one", mprotect(a + 3 * page, 3 * page, rw) == 0);
	say_lines("both written, then alike", a);

	/* 4 */
	char *s = hole();
	if (!s || !map_at(s, 6, rw))
		return 1;
	memset(s, 1, 6 * page);
	check("mprotect splits", mprotect(s + 3 * page, 3 * page, PROT_READ) == 0);
	say_lines("written, split", s);
	check("mprotect joins", mprotect(s + 3 * page, 3 * page, rw) == 0);
	say_lines("written, split, alike again", s);

	/* 5 */
	char *n = hole();
	if (!n || !map_at(n, 3, rw) || !map_at(n + 3 * page, 3, PROT_READ))
		return 1;
	check("mprotect of the upper one", mprotect(n + 3 * page, 3 * page, rw) == 0);
	say_lines("never written, then alike", n);
	done();
	return 0;
}
