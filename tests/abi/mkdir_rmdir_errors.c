/*
 * mkdir_rmdir_errors.c — mkdirat and unlinkat(AT_REMOVEDIR) (fs/namei.c):
 * a new directory has mode & ~umask and two links (its parent gains one);
 * EEXIST for any existing name, ENOENT for a missing parent, ENOTDIR under
 * a file; rmdir of a non-empty directory ENOTEMPTY, of a file ENOTDIR, of
 * "." EINVAL, of ".." ENOTEMPTY, of "/" EBUSY; unlink of a directory EISDIR;
 * a trailing slash is allowed for directories.
 */
#include "fs_test.h"

static long nlink(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long)st.st_nlink : -1;
}

int main(void)
{
	umask(022);
	R("mkdir", mkdir("/tmp/mre", 0777));
	struct stat st;
	stat("/tmp/mre", &st);
	say("mode %o nlink %ld\n", st.st_mode, (long)st.st_nlink);
	R("mkdir sub/", mkdir("/tmp/mre/sub/", 0700));
	say("parent nlink %ld, sub mode %o\n", nlink("/tmp/mre"), (stat("/tmp/mre/sub", &st), st.st_mode));
	R("mkdir existing", mkdir("/tmp/mre/sub", 0700));
	R("mkdir missing parent", mkdir("/tmp/mre/none/x", 0700));
	close(open("/tmp/mre/file", O_CREAT | O_WRONLY, 0600));
	R("mkdir existing file", mkdir("/tmp/mre/file", 0700));
	R("mkdir under a file", mkdir("/tmp/mre/file/x", 0700));
	R("mkdir /", mkdir("/", 0700));
	R("mkdir .", mkdir("/tmp/mre/.", 0700));
	R("rmdir non-empty", rmdir("/tmp/mre"));
	R("rmdir a file", rmdir("/tmp/mre/file"));
	R("rmdir file/", rmdir("/tmp/mre/file/"));
	R("rmdir .", rmdir("/tmp/mre/sub/."));
	R("rmdir ..", rmdir("/tmp/mre/sub/.."));
	R("rmdir /", rmdir("/"));
	R("rmdir missing", rmdir("/tmp/mre/none"));
	R("unlink a directory", unlink("/tmp/mre/sub"));
	R("unlink file/", unlink("/tmp/mre/file/"));
	R("unlinkat bad flag", unlinkat(AT_FDCWD, "/tmp/mre/file", 0x1));
	int dfd = open("/tmp/mre", O_RDONLY | O_DIRECTORY);
	R("unlinkat dirfd AT_REMOVEDIR", unlinkat(dfd, "sub", AT_REMOVEDIR));
	say("parent nlink %ld\n", nlink("/tmp/mre"));
	R("mkdirat dirfd", mkdirat(dfd, "d2", 0755));
	R("unlinkat file via dirfd", unlinkat(dfd, "file", 0));
	int ffd = open("/tmp/mre/d2", O_RDONLY);
	R("mkdirat with a file fd", mkdirat(open("/tmp/mre/d2/../", O_RDONLY) * 0 + 999, "x", 0755));
	R("rmdir d2", rmdir("/tmp/mre/d2"));
	close(ffd);
	close(dfd);
	R("rmdir empty", rmdir("/tmp/mre/"));
	R("stat removed", stat("/tmp/mre", &st));
	done();
	return 0;
}
