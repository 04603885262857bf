/*
 * write_read_back.c — bytes written to a file read back (fs/read_write.c):
 * write moves the position, pread/pwrite do not, O_APPEND writes at the end
 * whatever the position, writev/readv and pwritev/preadv gather and
 * scatter, a write past the end leaves a hole that reads as zeros, lseek
 * SEEK_END/SEEK_DATA/SEEK_HOLE on it, and a second descriptor sees the same
 * bytes. A large write crosses many pages.
 */
#include "fs_test.h"

#include <sys/uio.h>

int main(void)
{
	int fd = open("/tmp/wrb", O_CREAT | O_RDWR | O_TRUNC, 0644);
	say("write: %zd, pos %ld\n", write(fd, "0123456789", 10), (long)lseek(fd, 0, SEEK_CUR));
	say("pwrite at 2: %zd, pos %ld\n", pwrite(fd, "ab", 2, 2), (long)lseek(fd, 0, SEEK_CUR));
	char buf[64] = {0};
	say("pread: %zd '%.10s'\n", pread(fd, buf, sizeof buf, 0), buf);
	struct iovec iov[2] = {{"xy", 2}, {"z", 1}};
	say("writev: %zd, pos %ld\n", writev(fd, iov, 2), (long)lseek(fd, 0, SEEK_CUR));
	say("pwritev at 0: %zd\n", pwritev(fd, iov, 2, 0));
	char a[4] = {0}, b[4] = {0};
	struct iovec rv[2] = {{a, 3}, {b, 3}};
	say("preadv: %zd '%s' '%s'\n", preadv(fd, rv, 2, 0), a, b);
	int fd2 = open("/tmp/wrb", O_RDONLY);
	memset(buf, 0, sizeof buf);
	say("second fd reads: %zd '%s'\n", read(fd2, buf, sizeof buf), buf);
	int ap = open("/tmp/wrb", O_WRONLY | O_APPEND);
	lseek(ap, 0, SEEK_SET);
	say("append: %zd, pos %ld\n", write(ap, "END", 3), (long)lseek(ap, 0, SEEK_CUR));
	close(ap);
	say("size: %ld\n", (long)lseek(fd, 0, SEEK_END));
	say("pwrite at 20000: %zd\n", pwrite(fd, "tail", 4, 20000));
	say("size: %ld\n", (long)lseek(fd, 0, SEEK_END));
	memset(buf, 1, sizeof buf);
	pread(fd, buf, 16, 8000);
	int zeros = 1;
	for (int i = 0; i < 16; i++)
		zeros &= buf[i] == 0;
	yesno("hole reads zeros", zeros);
	say("SEEK_DATA 0: %ld\n", (long)lseek(fd, 0, SEEK_DATA));
	say("SEEK_HOLE 0: %ld\n", (long)lseek(fd, 0, SEEK_HOLE));
	say("SEEK_DATA 5000: %ld\n", (long)lseek(fd, 5000, SEEK_DATA));
	say("SEEK_HOLE 17000: %ld\n", (long)lseek(fd, 17000, SEEK_HOLE));
	errno = 0;
	say("SEEK_DATA past end: %ld %s\n", (long)lseek(fd, 30000, SEEK_DATA), errname(errno));
	static char big[300000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	ftruncate(fd, 0);
	say("big pwrite: %zd\n", pwrite(fd, big, sizeof big, 1));
	static char back[300000];
	say("big pread: %zd\n", pread(fd, back, sizeof back, 1));
	yesno("same bytes", memcmp(big, back, sizeof big) == 0);
	int ro = open("/tmp/wrb", O_RDONLY);
	errno = 0;
	say("write to O_RDONLY: %zd %s\n", write(ro, "x", 1), errname(errno));
	errno = 0;
	say("pwrite negative: %zd %s\n", pwrite(fd, "x", 1, -1), errname(errno));
	close(ro);
	close(fd2);
	close(fd);
	unlink("/tmp/wrb");
	done();
	return 0;
}
