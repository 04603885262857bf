/*
 * exhaust_truncate_shared_table.c — hole punching and truncation of a file
 * work when memory is exhausted: Linux's unmap_mapping_range allocates
 * nothing, so neither fails nor brings the kernel down, whatever shares the
 * page tables of the mappings it changes. A 2 MiB private mapping of a
 * file, 2 MiB-aligned, is read whole (LevitateOS then shares its last-level
 * table with a forked child, arch/arm64/mmu.c; a change in it needs a copy
 * of the table), with private copies of pages 1 and 100. A child with
 * oom_score_adj 1000 fills a tmpfs (size=100%) until fallocate fails, then
 * punches pages 0-1 out of the file (FALLOC_FL_PUNCH_HOLE: the file's
 * pages go from every mapping, private copies stay) and truncates it to 3
 * pages (truncate_pagecache: every page past the end goes, private copies
 * too), and kills itself; on Linux the OOM killer kills it first. The
 * parent then does the same (nothing left to do if the child got there),
 * and reads: page 0 a hole (zero), page 1 its private copy, page 2 the
 * file, pages 3 and 100 past the end (SIGBUS). Then the health probe.
 */
#include "exhaust.h"
#include "fault_test.h"

#include <stdint.h>
#include <sys/mount.h>

#define PATH "/tmp/exhaust_truncate_shared_table"
#define FILL_DIR "/tmp/exhaust_truncate_fill"
#define PG 4096
#define SPAN (2UL << 20)

/* Allocates the pages of one file (fallocate: zeroed pages, no copy) until
 * that fails, 1 MiB at a time, then a page at a time to take the last ones. */
static void fill_memory(void)
{
	int fd = open(FILL_DIR "/fill", O_CREAT | O_RDWR, 0600);
	if (fd < 0)
		return;
	unlink(FILL_DIR "/fill");
	off_t off = 0;
	for (off_t step = 1 << 20; step >= PG; step /= 256)
		while (fallocate(fd, 0, off, step) == 0)
			off += step;
	/* the fd stays open: the memory stays taken until this process dies */
}

static void punch_and_truncate(int fd)
{
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 2 * PG) < 0)
		say("fallocate: %s\n", errname(errno));
	if (ftruncate(fd, 3 * PG) < 0)
		say("ftruncate: %s\n", errname(errno));
}

int main(void)
{
	fault_catch();
	static char page[PG];
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0600);
	for (unsigned long off = 0; off < SPAN; off += PG) {
		memset(page, 'a' + (int)(off / PG % 26), PG);
		if (pwrite(fd, page, PG, (off_t)off) != PG)
			say("pwrite: %s\n", errname(errno));
	}
	char *area = mmap(NULL, 2 * SPAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *aligned = (char *)(((uintptr_t)area + SPAN - 1) & ~(SPAN - 1));
	volatile char *m = mmap(aligned, SPAN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
	yesno("mapped", m == (volatile char *)aligned);
	if (aligned > area)
		munmap(area, (size_t)(aligned - area));
	munmap(aligned + SPAN, (size_t)(area + 2 * SPAN - (aligned + SPAN)));
	long sum = 0;
	for (unsigned long off = 0; off < SPAN; off += PG)
		sum += m[off];
	yesno("read every page", sum > 0);
	m[1 * PG] = 'P'; /* private copies */
	m[100 * PG] = 'Q';

	mkdir(FILL_DIR, 0700);
	if (mount("none", FILL_DIR, "tmpfs", 0, "size=100%") < 0)
		say("mount: %s\n", errname(errno));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int adj = open("/proc/self/oom_score_adj", O_WRONLY);
		if (adj >= 0) { /* no /proc: this is the only process to kill anyway */
			if (write(adj, "1000", 4) != 4)
				_exit(3);
			close(adj);
		}
		fill_memory();
		punch_and_truncate(fd);
		kill(getpid(), SIGKILL);
		_exit(4);
	}
	reap_and_say(pid);
	if (umount(FILL_DIR) < 0)
		say("umount: %s\n", errname(errno));
	rmdir(FILL_DIR);

	punch_and_truncate(fd);
	fault_touch("page 0 (punched)", m, 0, 0);
	fault_touch("page 1 (private copy)", m, 1 * PG, 0);
	fault_touch("page 2 (the file)", m, 2 * PG, 0);
	fault_touch("page 3 (past the end)", m, 3 * PG, 0);
	fault_touch("page 100 (private copy past the end)", m, 100 * PG, 0);
	munmap((void *)m, SPAN);
	close(fd);
	unlink(PATH);
	health_probe();
	done();
	return 0;
}
