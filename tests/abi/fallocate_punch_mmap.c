/*
 * fallocate_punch_mmap.c — FALLOC_FL_PUNCH_HOLE on a mapped tmpfs file
 * (Linux mm/shmem.c shmem_fallocate: unmap_mapping_range of the whole pages
 * without even_cows, then shmem_truncate_range): afterwards every mapping
 * reads zeros in the hole — a shared one in this process and in a forked
 * child, a private one where it has not copied the page — while a private
 * copy keeps its bytes; the partial pages at the edges are zeroed in place;
 * a store through a shared mapping into the hole is seen by read(2). The
 * child and the parent take turns through two pipes.
 */
#include "fs_test.h"

#include <sys/mman.h>
#include <sys/wait.h>

#define PATH "/tmp/fallocate_punch_mmap"

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unlink(PATH);
	int fd = open(PATH, O_CREAT | O_RDWR, 0644);
	char *buf = malloc(4 * pg);
	for (int i = 0; i < 4; i++)
		memset(buf + i * pg, 'a' + i, pg);
	R("write 4 pages", write(fd, buf, 4 * pg));
	char *sh = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *pr = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	say("maps: %d %d\n", sh != MAP_FAILED, pr != MAP_FAILED);
	volatile char sink = 0;
	for (int i = 0; i < 4; i++)
		sink += sh[i * pg] + pr[i * pg]; /* every page mapped in both */
	pr[2 * pg] = 'X';			 /* a private copy of page 2 */
	(void)sink;

	int go[2], back[2];
	R("pipe", pipe(go));
	R("pipe", pipe(back));
	pid_t child = fork();
	if (child == 0) {
		char c;
		say("child before: page 2 '%c'\n", sh[2 * pg]);
		if (write(back[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		say("child after: page 2 byte 0: %d, page 1 byte 100: %d\n", sh[2 * pg], sh[pg + 100]);
		_exit(0);
	}
	char c;
	R("wait for the child", read(back[0], &c, 1));
	/* [pg + 100, 3 pg + 100): page 1 from byte 100, all of page 2, page 3 up to byte 100 */
	R("punch", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, pg + 100, 2 * pg));
	say("shared: page 1 bytes 99,100: '%c' %d\n", sh[pg + 99], sh[pg + 100]);
	say("shared: page 2 bytes 0,%ld: %d %d\n", pg - 1, sh[2 * pg], sh[3 * pg - 1]);
	say("shared: page 3 bytes 99,100: %d '%c'\n", sh[3 * pg + 99], sh[3 * pg + 100]);
	say("private: page 1 byte 100: %d (not copied)\n", pr[pg + 100]);
	say("private: page 2 byte 0: '%c' byte 1: '%c' (its copy)\n", pr[2 * pg], pr[2 * pg + 1]);
	if (write(go[1], "g", 1) != 1) /* the child prints next; nothing here until it is gone */
		return 1;
	int status;
	waitpid(child, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));

	char got = 0;
	R("pread page 2", pread(fd, &got, 1, 2 * pg));
	say("read page 2: %d\n", got);
	sh[2 * pg + 5] = 'S';
	R("pread page 2 byte 5", pread(fd, &got, 1, 2 * pg + 5));
	say("a store through the shared mapping, read back: '%c'\n", got);
	say("private page 2 byte 5 after the shared store: '%c'\n", pr[2 * pg + 5]);
	struct stat st;
	fstat(fd, &st);
	say("size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
	unlink(PATH);
	done();
	return 0;
}
