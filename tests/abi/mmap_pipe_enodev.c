/*
 * mmap_pipe_enodev.c — files that cannot be mapped (divergence 10 of issue
 * #13): mmap of a pipe's read end is ENODEV (f_op->mmap is NULL), of its
 * write end EACCES (not open for reading), of /proc/self/maps ENODEV, of a
 * directory ENODEV; a regular file maps.
 */
#include "fs_test.h"

#include <sys/mman.h>

static void try(const char *label, int fd, int prot, int flags)
{
	errno = 0;
	void *p = mmap(NULL, 4096, prot, flags, fd, 0);
	say("%s: %s\n", label, p == MAP_FAILED ? errname(errno) : "mapped");
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

int main(int argc, char **argv)
{
	int p[2];
	pipe(p);
	try("pipe read end", p[0], PROT_READ, MAP_PRIVATE);
	try("pipe read end, shared", p[0], PROT_READ, MAP_SHARED);
	try("pipe write end", p[1], PROT_READ, MAP_PRIVATE);
	int maps = open("/proc/self/maps", O_RDONLY);
	try("/proc/self/maps", maps, PROT_READ, MAP_PRIVATE);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	try("a directory", dir, PROT_READ, MAP_PRIVATE);
	int self = open(argv[0], O_RDONLY);
	try("a regular file", self, PROT_READ, MAP_PRIVATE);
	done();
	return 0;
}
