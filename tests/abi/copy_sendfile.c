/*
 * copy_sendfile.c — in-kernel copies (fs/read_write.c): sendfile from a
 * file to a file and to a pipe, with and without an offset (the offset
 * moves, the position does not); copy_file_range with and without offsets;
 * errors: a write-only input or read-only output EBADF, flags EINVAL, a
 * directory EISDIR, a pipe EINVAL, overlapping ranges of one file EINVAL,
 * O_APPEND output EINVAL for sendfile and EBADF for copy_file_range.
 */
#include "fs_test.h"

#include <sys/sendfile.h>

static long cfr(int in, loff_t *oi, int out, loff_t *oo, size_t len, unsigned flags)
{
	return syscall(SYS_copy_file_range, in, oi, out, oo, len, flags);
}

int main(void)
{
	mkdir("/tmp/cs", 0755);
	int src = open("/tmp/cs/src", O_CREAT | O_RDWR | O_TRUNC, 0644);
	static char data[200000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)(i % 251);
	write(src, data, sizeof data);
	lseek(src, 0, SEEK_SET);
	int dst = open("/tmp/cs/dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
	say("sendfile all: %zd, src pos %ld, dst pos %ld\n", sendfile(dst, src, NULL, sizeof data),
	    (long)lseek(src, 0, SEEK_CUR), (long)lseek(dst, 0, SEEK_CUR));
	static char back[200000];
	pread(dst, back, sizeof back, 0);
	yesno("same bytes", memcmp(data, back, sizeof data) == 0);
	off_t off = 1000;
	say("sendfile at offset: %zd, offset %ld, src pos %ld\n", sendfile(dst, src, &off, 500), (long)off,
	    (long)lseek(src, 0, SEEK_CUR));
	int p[2];
	pipe(p);
	off = 10;
	say("sendfile to a pipe: %zd\n", sendfile(p[1], src, &off, 100));
	char pb[100];
	say("pipe reads %zd, right bytes %d\n", read(p[0], pb, 100), memcmp(pb, data + 10, 100) == 0);
	loff_t oi = 5, oo = 0;
	int c = open("/tmp/cs/copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
	say("copy_file_range: %ld, in %ld out %ld\n", cfr(src, &oi, c, &oo, 1000, 0), (long)oi, (long)oo);
	pread(c, back, 1000, 0);
	yesno("copied bytes", memcmp(back, data + 5, 1000) == 0);
	lseek(src, 0, SEEK_SET);
	say("copy_file_range positions: %ld, src pos %ld, copy pos %ld\n", cfr(src, NULL, c, NULL, 300000, 0),
	    (long)lseek(src, 0, SEEK_CUR), (long)lseek(c, 0, SEEK_CUR));
	int wo = open("/tmp/cs/src", O_WRONLY), ro = open("/tmp/cs/dst", O_RDONLY);
	R("sendfile from write-only", sendfile(dst, wo, NULL, 10));
	R("sendfile to read-only", sendfile(ro, src, NULL, 10));
	R("copy_file_range flags", cfr(src, NULL, c, NULL, 10, 1));
	R("copy_file_range from write-only", cfr(wo, NULL, c, NULL, 10, 0));
	R("copy_file_range to read-only", cfr(src, NULL, ro, NULL, 10, 0));
	int dir = open("/tmp/cs", O_RDONLY | O_DIRECTORY);
	R("copy_file_range from a directory", cfr(dir, NULL, c, NULL, 10, 0));
	R("copy_file_range to a pipe", cfr(src, NULL, p[1], NULL, 10, 0));
	oi = 0;
	oo = 10;
	R("overlapping", cfr(src, &oi, src, &oo, 100, 0));
	int ap = open("/tmp/cs/dst", O_WRONLY | O_APPEND);
	R("sendfile to O_APPEND", sendfile(ap, src, NULL, 10));
	R("copy_file_range to O_APPEND", cfr(src, NULL, ap, NULL, 10, 0));
	R("sendfile bad fd", sendfile(99, src, NULL, 10));
	close(ap);
	close(dir);
	close(wo);
	close(ro);
	close(c);
	close(dst);
	close(src);
	unlink("/tmp/cs/src");
	unlink("/tmp/cs/dst");
	unlink("/tmp/cs/copy");
	R("cleanup", rmdir("/tmp/cs"));
	done();
	return 0;
}
