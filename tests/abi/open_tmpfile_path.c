/*
 * open_tmpfile_path.c — O_TMPFILE and O_PATH (open(2)): an O_TMPFILE file
 * has no name (nlink 0) but can be written, read and then given a name with
 * linkat(AT_EMPTY_PATH); with O_EXCL it cannot (ENOENT); O_TMPFILE without
 * write access or with O_CREAT is EINVAL, on a file ENOTDIR. An O_PATH
 * descriptor stats and serves as a directory fd, but read, write, fchmod,
 * fchown, ioctl and mmap are EBADF (a dup of it too); an O_PATH|O_NOFOLLOW descriptor of a link is the link itself.
 */
#include "fs_test.h"
#include <sys/ioctl.h>
#include <sys/mman.h>

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

int main(void)
{
	mkdir("/tmp/otp", 0755);
	int fd = open("/tmp/otp", O_TMPFILE | O_RDWR, 0600);
	yesno("O_TMPFILE opens", fd >= 0);
	struct stat st;
	fstat(fd, &st);
	say("nlink %ld mode %o\n", (long)st.st_nlink, st.st_mode);
	say("write %zd\n", write(fd, "temp", 4));
	R("linkat AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "/tmp/otp/named", AT_EMPTY_PATH));
	stat("/tmp/otp/named", &st);
	say("named: size %ld nlink %ld\n", (long)st.st_size, (long)st.st_nlink);
	close(fd);
	int ex = open("/tmp/otp", O_TMPFILE | O_RDWR | O_EXCL, 0600);
	R("linkat of O_EXCL tmpfile", linkat(ex, "", AT_FDCWD, "/tmp/otp/named2", AT_EMPTY_PATH));
	close(ex);
	R("O_TMPFILE read-only", open("/tmp/otp", O_TMPFILE | O_RDONLY, 0600));
	R("O_TMPFILE on a file", open("/tmp/otp/named", O_TMPFILE | O_RDWR, 0600));
	R("O_TMPFILE missing dir", open("/tmp/otp/none", O_TMPFILE | O_RDWR, 0600));
	int p = open("/tmp/otp/named", O_PATH);
	yesno("O_PATH opens", p >= 0);
	char buf[8];
	R("read O_PATH", read(p, buf, 4));
	R("write O_PATH", write(p, "x", 1));
	R("fchmod O_PATH", fchmod(p, 0600));
	R("fchown O_PATH", fchown(p, 0, 0));
	R("fchown a dup of O_PATH", fchown(dup(p), 0, 0));
	R("ioctl O_PATH", ioctl(p, FIONREAD, &st));
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, p, 0);
	say("mmap O_PATH: %s %s\n", m == MAP_FAILED ? "failed" : "mapped", m == MAP_FAILED ? errname(errno) : "");
	R("fstat O_PATH", fstat(p, &st));
	say("size %ld\n", (long)st.st_size);
	int dp = open("/tmp/otp", O_PATH | O_DIRECTORY);
	R("openat through an O_PATH dir", openat(dp, "named", O_RDONLY));
	symlink("named", "/tmp/otp/link");
	int lp = open("/tmp/otp/link", O_PATH | O_NOFOLLOW);
	fstat(lp, &st);
	say("O_PATH|O_NOFOLLOW of a link: is link %d\n", S_ISLNK(st.st_mode));
	close(lp);
	close(dp);
	close(p);
	unlink("/tmp/otp/link");
	unlink("/tmp/otp/named");
	R("cleanup", rmdir("/tmp/otp"));
	done();
	return 0;
}
