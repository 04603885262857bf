/*
 * mmap_truncate_sigbus.c — truncation and the mappings of a file
 * (mm/truncate.c truncate_pagecache: unmap_mapping_range with even_cows,
 * then the page cache past the end goes): after ftruncate shrinks a file,
 * every mapping of it — MAP_SHARED, MAP_PRIVATE, a private page already
 * copied on write, another process's mapping — gets SIGBUS (BUS_ADRERR)
 * past the page that holds the new end, and sees zeros after the end inside
 * that page; a truncate that grows the file again makes the pages readable,
 * as zeros. The other process is told by pipe when to look.
 */
#include "fault_test.h"

#include <sys/mman.h>
#include <sys/wait.h>

#define PATH "/tmp/mmap_truncate_sigbus"
#define PG 4096

static void look(const char *label, volatile char *m)
{
	fault_touch(label, m, 0, 0);
	fault_touch(label, m, 4999, 0);
	fault_touch(label, m, 5000, 0);
	fault_touch(label, m, 2 * PG - 1, 0);
	fault_touch(label, m, 2 * PG, 0);
	fault_touch(label, m, 3 * PG - 1, 0);
}

int main(void)
{
	fault_catch();
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	static char buf[3 * PG];
	memset(buf, 'a', sizeof buf);
	say("write 3 pages: %zd\n", write(fd, buf, sizeof buf));
	volatile char *sh = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile char *pr = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	look("shared before", sh);
	look("private before", pr);
	pr[2 * PG] = 'p'; /* a private copy of the last page */
	pr[PG] = 'q';	  /* and of the middle one */

	int to_child[2], to_parent[2];
	R("pipe", pipe(to_child));
	R("pipe", pipe(to_parent));
	pid_t pid = fork();
	if (pid == 0) {
		volatile char *m = mmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
		fault_touch("child before", m, 2 * PG, 0); /* mapped now */
		char c = 'r';
		write(to_parent[1], &c, 1);
		read(to_child[0], &c, 1); /* the parent has truncated */
		look("child after", m);
		_exit(0);
	}
	char c;
	read(to_parent[0], &c, 1);
	R("ftruncate to 5000", ftruncate(fd, 5000));
	look("shared after", sh);
	look("private after", pr);
	write(to_child[1], &c, 1);
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

	R("truncate to 3 pages", truncate(PATH, 3 * PG));
	look("shared grown", sh);
	look("private grown", pr);
	say("read of the grown file:");
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	long zeros = 0, as = 0;
	for (ssize_t i = 0; i < n; i++) {
		zeros += buf[i] == 0;
		as += buf[i] == 'a';
	}
	say(" %zd bytes, %ld 'a', %ld zero\n", n, as, zeros);
	munmap((void *)sh, 3 * PG);
	munmap((void *)pr, 3 * PG);
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
