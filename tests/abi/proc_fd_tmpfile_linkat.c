/*
 * proc_fd_tmpfile_linkat.c — the O_TMPFILE idiom of open(2): an unnamed
 * file is given a name with linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD,
 * name, AT_SYMLINK_FOLLOW), the magic link leading to the file itself
 * (nd_jump_link). With O_EXCL the file can never get a name (ENOENT), and
 * a file linked once keeps its data under the name.
 */
#include "fs_test.h"

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

int main(void)
{
	mkdir("/tmp/ptl", 0755);
	int fd = open("/tmp/ptl", O_TMPFILE | O_RDWR, 0640);
	R("O_TMPFILE", fd);
	write(fd, "tmpfile bytes", 13);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	R("linkat through /proc/self/fd", linkat(AT_FDCWD, path, AT_FDCWD, "/tmp/ptl/named", AT_SYMLINK_FOLLOW));
	struct stat st;
	R("stat the new name", stat("/tmp/ptl/named", &st));
	say("size %ld nlink %ld mode %o\n", (long)st.st_size, (long)st.st_nlink, st.st_mode & 07777);
	char buf[32] = "";
	int r = open("/tmp/ptl/named", O_RDONLY);
	say("read %zd: %.13s\n", read(r, buf, sizeof buf), buf);
	close(r);
	R("linkat of the link itself (no follow)", linkat(AT_FDCWD, path, AT_FDCWD, "/tmp/ptl/thelink", 0));
	R("lstat of that name", lstat("/tmp/ptl/thelink", &st));

	int ex = open("/tmp/ptl", O_TMPFILE | O_RDWR | O_EXCL, 0600);
	snprintf(path, sizeof path, "/proc/self/fd/%d", ex);
	R("linkat of an O_EXCL tmpfile", linkat(AT_FDCWD, path, AT_FDCWD, "/tmp/ptl/never", AT_SYMLINK_FOLLOW));
	R("the name is not there", access("/tmp/ptl/never", F_OK));
	close(ex);
	close(fd);
	unlink("/tmp/ptl/named");
	unlink("/tmp/ptl/thelink");
	R("cleanup", rmdir("/tmp/ptl"));
	done();
	return 0;
}
