/*
 * chmod_chown_utimes.c — attributes (fs/attr.c, fs/open.c, fs/utimes.c):
 * fchmod/fchmodat keep the file type and set the 12 permission bits;
 * fchownat with -1 keeps a value and clears set-user-ID on a regular file;
 * AT_SYMLINK_NOFOLLOW changes a link itself; utimensat sets both times,
 * UTIME_OMIT keeps one, UTIME_NOW takes the clock, NULL sets both to now,
 * ctime moves with every change; bad nanoseconds and bad flags are EINVAL;
 * a missing path ENOENT; statfs of a tmpfs gives TMPFS_MAGIC; fsync and
 * fdatasync of a file and of a directory succeed, of a pipe EINVAL, of a
 * bad fd EBADF; sync and syncfs succeed.
 */
#include "fs_test.h"

#include <sys/statfs.h>
#include <sys/time.h>

int main(void)
{
	mkdir("/tmp/ccu", 0755);
	int fd = open("/tmp/ccu/f", O_CREAT | O_RDWR, 0644);
	struct stat st;
	R("fchmod 4755", fchmod(fd, 04755));
	fstat(fd, &st);
	say("mode %o\n", st.st_mode);
	R("fchmodat 600", fchmodat(AT_FDCWD, "/tmp/ccu/f", 0600, 0));
	stat("/tmp/ccu/f", &st);
	say("mode %o\n", st.st_mode);
	R("chmod missing", chmod("/tmp/ccu/none", 0600));
	fchmod(fd, 04755);
	R("fchown 1000:-1", fchown(fd, 1000, -1));
	fstat(fd, &st);
	say("uid %u gid %u mode %o\n", st.st_uid, st.st_gid, st.st_mode);
	R("chown -1:2000", chown("/tmp/ccu/f", -1, 2000));
	stat("/tmp/ccu/f", &st);
	say("uid %u gid %u\n", st.st_uid, st.st_gid);
	symlink("f", "/tmp/ccu/l");
	R("lchown the link", fchownat(AT_FDCWD, "/tmp/ccu/l", 7, 8, AT_SYMLINK_NOFOLLOW));
	lstat("/tmp/ccu/l", &st);
	say("link uid %u gid %u\n", st.st_uid, st.st_gid);
	stat("/tmp/ccu/l", &st);
	say("target uid %u gid %u\n", st.st_uid, st.st_gid);
	R("fchownat bad flags", fchownat(AT_FDCWD, "/tmp/ccu/f", 0, 0, 0x1));
	struct timespec ts[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
	R("utimensat", utimensat(AT_FDCWD, "/tmp/ccu/f", ts, 0));
	stat("/tmp/ccu/f", &st);
	say("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec,
	    st.st_mtim.tv_nsec);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
	R("UTIME_OMIT atime", utimensat(AT_FDCWD, "/tmp/ccu/f", omit, 0));
	stat("/tmp/ccu/f", &st);
	say("atime %ld mtime %ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
	R("UTIME_NOW atime", futimens(fd, now));
	fstat(fd, &st);
	say("atime recent %d, mtime %ld, ctime recent %d\n", st.st_atim.tv_sec > 1600000000, (long)st.st_mtim.tv_sec,
	    st.st_ctim.tv_sec > 1600000000);
	R("NULL times", utimensat(AT_FDCWD, "/tmp/ccu/f", NULL, 0));
	stat("/tmp/ccu/f", &st);
	say("both recent %d\n", st.st_atim.tv_sec > 1600000000 && st.st_mtim.tv_sec > 1600000000);
	struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
	R("bad nsec", utimensat(AT_FDCWD, "/tmp/ccu/f", bad, 0));
	R("bad flags", utimensat(AT_FDCWD, "/tmp/ccu/f", NULL, 0x2));
	R("missing", utimensat(AT_FDCWD, "/tmp/ccu/none", NULL, 0));
	R("link itself", utimensat(AT_FDCWD, "/tmp/ccu/l", ts, AT_SYMLINK_NOFOLLOW));
	lstat("/tmp/ccu/l", &st);
	say("link mtime %ld\n", (long)st.st_mtim.tv_sec);
	struct statfs sf;
	R("statfs", statfs("/tmp/ccu", &sf));
	say("tmpfs magic %d, bsize %ld, namelen %ld\n", sf.f_type == 0x01021994, (long)sf.f_bsize, (long)sf.f_namelen);
	R("fstatfs", fstatfs(fd, &sf));
	R("statfs missing", statfs("/tmp/ccu/none", &sf));
	R("fsync file", fsync(fd));
	R("fdatasync file", fdatasync(fd));
	int dfd = open("/tmp/ccu", O_RDONLY | O_DIRECTORY);
	R("fsync directory", fsync(dfd));
	int p[2];
	pipe(p);
	R("fsync pipe", fsync(p[0]));
	R("fsync bad fd", fsync(99));
	sync();
	say("sync returned\n");
	R("syncfs", syncfs(fd));
	R("syncfs bad fd", syncfs(99));
	close(dfd);
	close(fd);
	unlink("/tmp/ccu/l");
	unlink("/tmp/ccu/f");
	R("cleanup", rmdir("/tmp/ccu"));
	done();
	return 0;
}
