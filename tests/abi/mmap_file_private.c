/* mmap_file_private: a MAP_PRIVATE file mapping shows the file's bytes
 * (here the test's own ELF file, argv[0]): the first 2 pages start with
 * "\x7fELF" and equal what read(2) returns. Writes to a PROT_READ|PROT_WRITE
 * MAP_PRIVATE file mapping are copy-on-write: "Updates to the mapping are
 * not visible to other processes mapping the same file, and are not carried
 * through to the underlying file" - re-reading the file gives the old
 * bytes. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

static unsigned char buf[2 * 4096];

int main(int argc, char **argv)
{
	int fd = open(argv[0], O_RDONLY);
	yesno("open self ok", fd >= 0);
	ssize_t n = pread(fd, buf, sizeof buf, 0);
	say("pread 2 pages: %ld\n", (long)n);
	errno = 0;
	long r = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	yesno("mmap PROT_READ MAP_PRIVATE ok", r != -1);
	if (r == -1) {
		say("errno=%s\n", errname(errno));
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)r;
	yesno("starts with \\x7fELF", memcmp(p,
					     "\x7f"
					     "ELF",
					     4) == 0);
	yesno("equals read()", memcmp(p, buf, sizeof buf) == 0);
	syscall(SYS_munmap, p, 2 * 4096);

	errno = 0;
	r = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	yesno("mmap RW MAP_PRIVATE on O_RDONLY fd ok", r != -1);
	if (r == -1) {
		say("errno=%s\n", errname(errno));
		done();
		return 0;
	}
	p = (unsigned char *)r;
	memset(p, 'Z', 16);
	p[4096 + 5] = 'Q';
	yesno("mapping shows the writes", p[0] == 'Z' && p[15] == 'Z' && p[4096 + 5] == 'Q');
	yesno("rest of mapping unchanged", memcmp(p + 16, buf + 16, 4096 - 16) == 0);
	static unsigned char again[2 * 4096];
	n = pread(fd, again, sizeof again, 0);
	say("pread again: %ld\n", (long)n);
	yesno("file unchanged", memcmp(again, buf, sizeof buf) == 0);
	int fd2 = open(argv[0], O_RDONLY);
	long q = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, fd2, 0);
	yesno("second mapping sees the file, not the writes", q != -1 && memcmp((void *)q, buf, 4096) == 0);
	if (q != -1)
		syscall(SYS_munmap, q, 4096);
	syscall(SYS_munmap, p, 2 * 4096);
	close(fd2);
	close(fd);
	done();
	return 0;
}
