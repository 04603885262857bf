/* fork_shared_tables: after fork(2) each process changes its private
 * anonymous memory in every way there is, and the other never sees it.
 * "The child inherits copies of the parent's set of open memory mappings"
 * (fork(2)); MAP_PRIVATE pages are copy-on-write (mmap(2)). A kernel may
 * share whole page tables between the two until one of them changes
 * something in the range a table maps (LevitateOS shares the last-level
 * table of each 2 MiB wholly inside a private mapping, arch/arm64/mmu.c;
 * Linux backs such a region with transparent huge pages and copies one
 * entry per 2 MiB), so the region is 16 MiB, 2 MiB-aligned, and the child
 * writes, unmaps part of and all of a 2 MiB chunk, mprotects, madvises
 * (MADV_DONTNEED, part and whole), mremaps and forks again, while the
 * parent checks and writes in turn (pipes; the child prints first). */
#include "lvtest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096
#define CHUNK_PAGES 512 /* 2 MiB */
#define NPAGES (8 * CHUNK_PAGES)

static unsigned char pattern(int page)
{
	return (unsigned char)(page * 7 + 1);
}

/* Every page of [first, last) holds its pattern (first and last byte). */
static int intact(const unsigned char *m, int first, int last)
{
	for (int p = first; p < last; p++)
		if (m[(size_t)p * PG] != pattern(p) || m[(size_t)p * PG + PG - 1] != pattern(p))
			return 0;
	return 1;
}

static int filled(const unsigned char *m, int page, unsigned char c)
{
	for (int i = 0; i < PG; i += 256)
		if (m[(size_t)page * PG + i] != c)
			return 0;
	return 1;
}

static void handshake(int out, int in)
{
	char token = 't';
	if (out >= 0)
		write(out, &token, 1);
	if (in >= 0)
		read(in, &token, 1);
}

static void child(unsigned char *m, int to_parent, int from_parent)
{
	yesno("child: sees the parent's memory", intact(m, 0, NPAGES));
	memset(m, 'C', PG); /* chunk 0: a write */
	yesno("child: own write, rest of chunk 0 intact", filled(m, 0, 'C') && intact(m, 1, CHUNK_PAGES));
	int c1 = CHUNK_PAGES;
	yesno("child: munmap part of chunk 1", munmap(m + (size_t)(c1 + 100) * PG, 100 * PG) == 0);
	yesno("child: around it intact", intact(m, c1, c1 + 100) && intact(m, c1 + 200, c1 + CHUNK_PAGES));
	yesno("child: munmap all of chunk 2", munmap(m + (size_t)2 * CHUNK_PAGES * PG, CHUNK_PAGES * PG) == 0);
	yesno("child: chunks 1 and 3 intact",
	      intact(m, c1 + 200, c1 + 201) && intact(m, 3 * CHUNK_PAGES, 4 * CHUNK_PAGES));
	int c3 = 3 * CHUNK_PAGES;
	yesno("child: mprotect part of chunk 3 read-only",
	      mprotect(m + (size_t)(c3 + 10) * PG, 10 * PG, PROT_READ) == 0);
	m[(size_t)(c3 + 5) * PG] = 'W';
	yesno("child: write beside it", m[(size_t)(c3 + 5) * PG] == 'W' && intact(m, c3 + 10, c3 + 20));
	int c4 = 4 * CHUNK_PAGES, c5 = 5 * CHUNK_PAGES;
	yesno("child: MADV_DONTNEED all of chunk 4",
	      madvise(m + (size_t)c4 * PG, CHUNK_PAGES * PG, MADV_DONTNEED) == 0);
	yesno("child: it reads zero", filled(m, c4, 0) && filled(m, c4 + CHUNK_PAGES - 1, 0));
	yesno("child: MADV_DONTNEED pages 1-3 of chunk 5",
	      madvise(m + (size_t)(c5 + 1) * PG, 3 * PG, MADV_DONTNEED) == 0);
	yesno("child: they read zero, the rest intact", filled(m, c5 + 1, 0) && filled(m, c5 + 3, 0) &&
								intact(m, c5, c5 + 1) &&
								intact(m, c5 + 4, c5 + CHUNK_PAGES));
	int c6 = 6 * CHUNK_PAGES;
	unsigned char *moved = mremap(m + (size_t)c6 * PG, CHUNK_PAGES * PG, 2 * CHUNK_PAGES * PG, MREMAP_MAYMOVE);
	yesno("child: mremap chunk 6 larger", moved != MAP_FAILED);
	if (moved != MAP_FAILED) {
		int same = 1;
		for (int p = 0; p < CHUNK_PAGES; p++)
			same &= moved[(size_t)p * PG] == pattern(c6 + p);
		yesno("child: its pages moved with it", same);
	}
	int c7 = 7 * CHUNK_PAGES;
	pid_t g = fork();
	if (g == 0) {
		int ok = intact(m, c7, c7 + CHUNK_PAGES);
		memset(m + (size_t)c7 * PG, 'G', PG);
		_exit(ok && filled(m, c7, 'G') ? 0 : 1);
	}
	int status = -1;
	yesno("child: grandchild saw chunk 7 and wrote its own copy",
	      waitpid(g, &status, 0) == g && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	yesno("child: chunk 7 intact after the grandchild", intact(m, c7, c7 + CHUNK_PAGES));
	handshake(to_parent, from_parent);
	yesno("child: not the parent's writes",
	      intact(m, c7, c7 + CHUNK_PAGES) && filled(m, 0, 'C') && intact(m, c1 + 200, c1 + CHUNK_PAGES));
	_exit(0);
}

int main(void)
{
	size_t len = (size_t)NPAGES * PG, align = (size_t)CHUNK_PAGES * PG;
	unsigned char *raw = mmap(NULL, len + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("mmap 18 MiB", raw != MAP_FAILED);
	if (raw == MAP_FAILED) {
		done();
		return 0;
	}
	unsigned char *m = (unsigned char *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	for (int p = 0; p < NPAGES; p++)
		memset(m + (size_t)p * PG, pattern(p), PG);
	int to_child[2], to_parent[2];
	yesno("pipes", pipe(to_child) == 0 && pipe(to_parent) == 0);
	pid_t pid = fork();
	if (pid == 0)
		child(m, to_parent[1], to_child[0]);
	handshake(-1, to_parent[0]); /* the child prints first */
	yesno("fork", pid > 0);
	yesno("parent: none of the child's changes", intact(m, 0, NPAGES));
	memset(m + (size_t)7 * CHUNK_PAGES * PG, 'P', PG);
	memset(m, 'Q', PG);
	memset(m + (size_t)(CHUNK_PAGES + 150) * PG, 'R', PG);
	handshake(to_child[1], -1);
	int status = -1;
	yesno("waitpid", waitpid(pid, &status, 0) == pid);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	yesno("parent: own writes",
	      filled(m, 7 * CHUNK_PAGES, 'P') && filled(m, 0, 'Q') && filled(m, CHUNK_PAGES + 150, 'R'));
	yesno("parent: the rest intact",
	      intact(m, 1, CHUNK_PAGES + 150) && intact(m, CHUNK_PAGES + 151, 7 * CHUNK_PAGES));
	/* a child that touches nothing, then the parent alone again writes everywhere */
	pid = fork();
	if (pid == 0)
		_exit(intact(m, 2 * CHUNK_PAGES, 3 * CHUNK_PAGES) ? 0 : 1);
	yesno("second child saw chunk 2",
	      waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	for (int p = 0; p < NPAGES; p += 37)
		m[(size_t)p * PG + 1] = 'Z';
	int ok = 1;
	for (int p = 0; p < NPAGES; p += 37)
		ok &= m[(size_t)p * PG + 1] == 'Z';
	yesno("parent: writes after the children are gone", ok);
	yesno("munmap all", munmap(raw, len + align) == 0);
	done();
	return 0;
}
