/*
 * utimensat_order.c — utimensat's checks in Linux's order (fs/utimes.c):
 * two UTIME_OMITs succeed before the path is looked at (even a missing
 * one); a NULL path is EFAULT unless dirfd names a file (then any flag is
 * EINVAL and a closed descriptor EBADF); bad flags EINVAL before the walk;
 * the walk (ENOENT) before bad nanoseconds (EINVAL); glibc's and musl's
 * utimes(NULL, tv) is EFAULT (LTP utimes01).
 */
#include "lvtest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>

static long raw_utimensat(int dirfd, const char *path, const struct timespec *t, int flags)
{
	return syscall(SYS_utimensat, dirfd, path, t, flags);
}

int main(void)
{
	const struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
	const struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
	const struct timespec set[2] = {{1000, 0}, {2000, 0}};
	int fd = open("/tmp/utimensat_order", O_CREAT | O_RDWR, 0644);
	show_ret("omit both, missing path", raw_utimensat(AT_FDCWD, "/nonexistent/x", omit, 0), errno);
	show_ret("omit both, bad flags", raw_utimensat(AT_FDCWD, "/tmp", omit, 0x4000), errno);
	expect_err("NULL path at AT_FDCWD", raw_utimensat(AT_FDCWD, NULL, set, 0), errno, EFAULT);
	expect_err("NULL path, fd, AT_SYMLINK_NOFOLLOW", raw_utimensat(fd, NULL, set, AT_SYMLINK_NOFOLLOW), errno,
		   EINVAL);
	expect_err("NULL path, fd, AT_EMPTY_PATH", raw_utimensat(fd, NULL, set, AT_EMPTY_PATH), errno, EINVAL);
	expect_err("NULL path, closed fd", raw_utimensat(999, NULL, set, 0), errno, EBADF);
	expect_err("bad flags", raw_utimensat(AT_FDCWD, "/tmp/utimensat_order", set, 0x4000), errno, EINVAL);
	expect_err("missing path with bad nsec", raw_utimensat(AT_FDCWD, "/nonexistent/x", bad, 0), errno, ENOENT);
	expect_err("bad nsec", raw_utimensat(AT_FDCWD, "/tmp/utimensat_order", bad, 0), errno, EINVAL);
	show_ret("NULL path, fd", raw_utimensat(fd, NULL, set, 0), errno);
	struct stat st;
	fstat(fd, &st);
	say("times: %ld %ld\n", (long)st.st_atime, (long)st.st_mtime);
	struct timeval tv[2] = {{3000, 0}, {4000, 0}};
	const char *volatile no_path = NULL; /* the libc declares it non-null */
	expect_err("utimes(NULL)", utimes(no_path, tv), errno, EFAULT);
	show_ret("utimes", utimes("/tmp/utimensat_order", tv), errno);
	fstat(fd, &st);
	say("times: %ld %ld\n", (long)st.st_atime, (long)st.st_mtime);
	unlink("/tmp/utimensat_order");
	done();
	return 0;
}
