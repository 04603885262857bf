/*
 * sendfile_into_itself.c — sendfile(2) with a count that is negative as a
 * ssize_t is EINVAL before the output is looked at (Linux fs/read_write.c
 * do_sendfile: rw_verify_area on the input), also for a directory; a file
 * sent into itself with an explicit offset grows as it is read and the
 * copy goes on until count (the reads see the bytes just written); a
 * signal ends such a copy (fs/splice.c splice_from_pipe_next). Found by
 * tests/fuzz/sysfuzz: sendfile(f, f, &off, -1) kept LevitateOS copying
 * into memory without end.
 */
#include "lvtest.h"
#include <sys/sendfile.h>
#include <sys/stat.h>

int main(void)
{
	int f = open("/tmp/sendfile_self", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (f < 0 || write(f, "0123456789abcdef", 16) != 16)
		return 1;
	off_t off = 0;
	errno = 0;
	show_ret("same file, count -1", sendfile(f, f, &off, (size_t)-1), errno);
	int d = open("/tmp", O_RDONLY | O_DIRECTORY);
	show_ret("directory, count -1", sendfile(d, d, &off, (size_t)-1), errno);
	show_ret("directory, count 16", sendfile(d, d, &off, 16), errno);
	off = 0;
	show_ret("same file, count 1 MiB", sendfile(f, f, &off, 1 << 20), errno);
	struct stat st;
	fstat(f, &st);
	say("offset now %lld, size %lld\n", (long long)off, (long long)st.st_size);
	unlink("/tmp/sendfile_self");
	done();
	return 0;
}
