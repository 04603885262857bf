/*
 * getdents_root.c — getdents64 (fs/readdir.c) on the root directory: "."
 * and ".." come back, every other name is an entry of the initramfs, each
 * with its file type, and the listing is the same read in one call or in
 * small pieces. Names are printed sorted (the order is not an ABI); a
 * buffer too small for one record is EINVAL, a file ENOTDIR, a bad fd
 * EBADF, a bad buffer EFAULT.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

struct name {
	char text[64];
	int type;
};

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct name *)a)->text, ((const struct name *)b)->text);
}

static int list(int fd, size_t bufsize, struct name *out)
{
	char buf[4096];
	int n = 0;
	lseek(fd, 0, SEEK_SET);
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, bufsize);
		if (got <= 0)
			break;
		for (long off = 0; off < got;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			if (n < 64) {
				snprintf(out[n].text, sizeof(out[n].text), "%.63s", d->d_name);
				out[n].type = d->d_type;
				n++;
			}
			off += d->d_reclen;
		}
	}
	qsort(out, (size_t)n, sizeof(*out), cmp);
	return n;
}

int main(int argc, char **argv)
{
	static struct name whole[64], pieces[64];
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	int n = list(fd, sizeof(((char[4096]){0})), whole);
	int m = list(fd, 64, pieces);
	say("entries: %d, same in pieces: %s\n", n, n == m && memcmp(whole, pieces, sizeof(whole)) == 0 ? "yes" : "no");
	for (int i = 0; i < n; i++)
		say("%s %s\n", whole[i].text,
		    whole[i].type == DT_DIR   ? "dir"
		    : whole[i].type == DT_REG ? "file"
					      : "other");
	char tiny[8];
	lseek(fd, 0, SEEK_SET);
	expect_err("buffer too small", syscall(SYS_getdents64, fd, tiny, sizeof(tiny)), errno, EINVAL);
	int file = open(argv[0], O_RDONLY);
	char buf[512];
	expect_err("a file", syscall(SYS_getdents64, file, buf, sizeof(buf)), errno, ENOTDIR);
	expect_err("bad fd", syscall(SYS_getdents64, 99, buf, sizeof(buf)), errno, EBADF);
	expect_err("bad buffer", syscall(SYS_getdents64, fd, (void *)0xffff000000000000UL, 512), errno, EFAULT);
	done();
	return 0;
}
