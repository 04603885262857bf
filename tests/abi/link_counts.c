/*
 * link_counts.c — hard links (fs/namei.c vfs_link): a new name shares the
 * inode (same st_ino) and st_nlink counts the names; unlinking one keeps
 * the data for the others and for open descriptors (an open, fully
 * unlinked file is still readable and fstat shows nlink 0); a directory
 * cannot be linked (EPERM); EEXIST for an existing new name; ENOENT for a
 * missing source; linkat follows a link source only with AT_SYMLINK_FOLLOW;
 * a directory's nlink is 2 + its subdirectories.
 */
#include "fs_test.h"

static long nlink(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 ? (long)st.st_nlink : -1;
}

int main(void)
{
	mkdir("/tmp/lc", 0755);
	int fd = open("/tmp/lc/a", O_CREAT | O_RDWR, 0644);
	write(fd, "data", 4);
	R("link a b", link("/tmp/lc/a", "/tmp/lc/b"));
	struct stat sa, sb;
	stat("/tmp/lc/a", &sa);
	stat("/tmp/lc/b", &sb);
	say("same inode %d, nlink %ld %ld\n", sa.st_ino == sb.st_ino, (long)sa.st_nlink, (long)sb.st_nlink);
	R("link a c", link("/tmp/lc/a", "/tmp/lc/c"));
	say("nlink %ld\n", nlink("/tmp/lc/a"));
	R("link existing", link("/tmp/lc/a", "/tmp/lc/b"));
	R("link missing", link("/tmp/lc/none", "/tmp/lc/d"));
	R("link a directory", link("/tmp/lc", "/tmp/lc/dir"));
	R("link into missing dir", link("/tmp/lc/a", "/tmp/lc/none/x"));
	R("unlink a", unlink("/tmp/lc/a"));
	say("nlink of b %ld\n", nlink("/tmp/lc/b"));
	char buf[8] = {0};
	int fb = open("/tmp/lc/b", O_RDONLY);
	say("b reads %zd '%s'\n", read(fb, buf, 7), buf);
	close(fb);
	unlink("/tmp/lc/b");
	unlink("/tmp/lc/c");
	struct stat st;
	fstat(fd, &st);
	say("open unlinked: nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
	memset(buf, 0, sizeof buf);
	say("still readable: %zd '%s'\n", pread(fd, buf, 7, 0), buf);
	close(fd);
	symlink("target", "/tmp/lc/sl");
	close(open("/tmp/lc/target", O_CREAT | O_WRONLY, 0644));
	R("linkat link itself", linkat(AT_FDCWD, "/tmp/lc/sl", AT_FDCWD, "/tmp/lc/sl2", 0));
	lstat("/tmp/lc/sl2", &st);
	say("sl2 is a link %d, nlink %ld\n", S_ISLNK(st.st_mode), (long)st.st_nlink);
	R("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "/tmp/lc/sl", AT_FDCWD, "/tmp/lc/t2", AT_SYMLINK_FOLLOW));
	lstat("/tmp/lc/t2", &st);
	say("t2 is a file %d, target nlink %ld\n", S_ISREG(st.st_mode), nlink("/tmp/lc/target"));
	R("linkat bad flags", linkat(AT_FDCWD, "/tmp/lc/sl", AT_FDCWD, "/tmp/lc/t3", 0x1));
	mkdir("/tmp/lc/s1", 0755);
	mkdir("/tmp/lc/s2", 0755);
	say("dir nlink %ld\n", nlink("/tmp/lc"));
	rmdir("/tmp/lc/s1");
	say("dir nlink %ld\n", nlink("/tmp/lc"));
	rmdir("/tmp/lc/s2");
	unlink("/tmp/lc/sl");
	unlink("/tmp/lc/sl2");
	unlink("/tmp/lc/t2");
	unlink("/tmp/lc/target");
	R("cleanup", rmdir("/tmp/lc"));
	done();
	return 0;
}
