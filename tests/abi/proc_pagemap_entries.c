/* proc_pagemap_entries: /proc/PID/pagemap gives one 64-bit entry per page
 * (Linux fs/proc/task_mmu.c pagemap_read, Documentation/admin-guide/mm/
 * pagemap.rst): bit 63 present, 62 swapped, 61 file or shared, 56 mapped
 * once, 55 soft-dirty, 0-54 the frame number, shown only to CAP_SYS_ADMIN.
 * Written, read-only-touched (the zero page) and untouched anonymous pages,
 * a private file mapping, shared anonymous memory, a page shared with a
 * forked child, an unprivileged reader (after setuid the process is not
 * dumpable, so its /proc files are root's: commit_creds, task_dump_owner),
 * and the reads Linux refuses. */
#include "lvtest.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define PFN_MASK ((1ULL << 55) - 1)

static uint64_t entry_of(int fd, const void *addr)
{
	uint64_t e = 0;
	off_t off = (off_t)((uintptr_t)addr / 4096) * 8;
	if (pread(fd, &e, 8, off) != 8)
		say("pread: %s\n", errname(errno));
	return e;
}

/* The flag bits, and whether a frame number is shown. */
static void show(int fd, const char *label, const void *addr)
{
	uint64_t e = entry_of(fd, addr);
	say("%-34s present %d swap %d file %d exclusive %d soft-dirty %d pfn %s\n", label, (int)(e >> 63),
	    (int)(e >> 62) & 1, (int)(e >> 61) & 1, (int)(e >> 56) & 1, (int)(e >> 55) & 1,
	    (e & PFN_MASK) ? "shown" : "0");
}

int main(void)
{
	struct stat st;
	stat("/proc/self/pagemap", &st);
	say("mode %o\n", (unsigned)st.st_mode & 07777);
	int pm = open("/proc/self/pagemap", O_RDONLY);
	char *anon = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	anon[0] = 1;
	anon[2 * 4096] = 1;
	volatile char sink = anon[4096];
	(void)sink;
	show(pm, "anonymous, written", anon);
	show(pm, "anonymous, read only (zero page)", anon + 4096);
	show(pm, "anonymous, untouched", anon + 3 * 4096);

	int fd = open("/tmp/pagemap-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 2 * 4096);
	char *file = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	file[4096] = 1;
	show(pm, "private file page, read", file);
	show(pm, "private file page, written (copy)", file + 4096);
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shared[0] = 1;
	show(pm, "shared anonymous, written", shared);

	pid_t pid = fork();
	if (pid == 0) { /* holds the pages shared until killed */
		pause();
		_exit(0);
	}
	show(pm, "anonymous after fork (shared)", anon);
	show(pm, "shared anonymous after fork", shared);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	pid = fork();
	if (pid == 0) {
		setuid(65534);
		int upm = open("/proc/self/pagemap", O_RDONLY);
		anon[0] = 2;
		show(upm, "setuid: not dumpable, no open", anon);
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		upm = open("/proc/self/pagemap", O_RDONLY);
		show(upm, "dumpable again, unprivileged", anon);
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	uint64_t e[2];
	show_ret("read of 4 bytes", pread(pm, e, 4, 0), errno);
	show_ret("read at offset 4", pread(pm, e, 8, 4), errno);
	show_ret("read at the top of user space", pread(pm, e, 16, (off_t)((1ULL << 48) / 4096 * 8)), errno);
	show_ret("read of 16 bytes below the top", pread(pm, e, 16, (off_t)((1ULL << 48) / 4096 * 8 - 8)), errno);
	show_ret("lseek to page 16", lseek(pm, 16 * 8, SEEK_SET), errno);
	show_ret("write", write(pm, e, 8), errno);
	unlink("/tmp/pagemap-file");
	done();
	return 0;
}
