/*
 * read_dev_zero_fault.c — reading /dev/zero (drivers/char/mem.c
 * read_iter_zero) zeroes exactly the bytes asked for, at any alignment and
 * length, and a buffer that runs into an unmapped page gets the bytes up to
 * that page with the count returned; a buffer that is wholly unmapped gets
 * EFAULT. Bytes outside the buffer stay as they were. The partial buffer
 * starts 8-aligned: Linux's arm64 clear_user (arch/arm64/lib/clear_user.S)
 * stores 8 bytes at a time from the start, so for an unaligned start its
 * count stops short of the page by the store that straddles it.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lvtest.h"

/* Counts the bytes of [p, p + n) that are zero. */
static long zeros(const unsigned char *p, long n)
{
	long z = 0;
	for (long i = 0; i < n; i++)
		z += p[i] == 0;
	return z;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/zero", O_RDONLY);
	unsigned char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || m == MAP_FAILED) {
		say("setup failed: %s\n", errname(errno));
		return 1;
	}

	/* odd starts and lengths: the block, word and byte paths and their tails */
	const long starts[] = {0, 1, 7, 8, 63, 255, 257};
	const long lens[] = {1, 7, 8, 9, 64, 255, 256, 257, 1000, 4099};
	for (unsigned s = 0; s < sizeof(starts) / sizeof(starts[0]); s++) {
		for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			long at = starts[s], len = lens[l];
			memset(m, 0xa5, 3 * pg);
			long n = read(fd, m + at, len);
			long others = 3 * pg - zeros(m, 3 * pg);
			if (n != len || zeros(m + at, len) != len || others != 3 * pg - len)
				say("start %ld len %ld: read %ld, %ld zeros in buffer, %ld others\n", at, len, n,
				    zeros(m + at, len), others);
		}
	}
	say("aligned and unaligned reads checked\n");

	/* the buffer runs into an unmapped third page */
	munmap(m + 2 * pg, pg);
	memset(m, 0xa5, 2 * pg);
	long n = read(fd, m + 104, 3 * pg);
	say("read into 2 mapped pages from offset 104: 2 pages - %ld bytes\n", 2 * pg - n);
	say("zeros after offset 104: %d, byte 103 kept: %d\n", zeros(m + 104, 2 * pg - 104) == 2 * pg - 104,
	    m[103] == 0xa5);

	/* wholly unmapped */
	errno = 0;
	n = read(fd, m + 2 * pg, 64);
	expect_err("read into an unmapped page", n, errno, EFAULT);

	/* one large read */
	long big = 1 << 20;
	unsigned char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(b, 0xa5, big);
	n = read(fd, b + 3, big - 5);
	say("1 MiB - 5 read: %ld, all zero %d, edges kept %d %d\n", n, zeros(b + 3, big - 5) == big - 5, b[2] == 0xa5,
	    b[big - 2] == 0xa5);
	done();
	return 0;
}
