/*
 * rename_cases.c — renameat2 (fs/namei.c do_renameat2, vfs_rename): a file
 * moves and replaces another, a directory moves and replaces an empty one;
 * file over directory EISDIR, directory over file ENOTDIR, over a non-empty
 * directory ENOTEMPTY, into itself EINVAL, a missing source ENOENT,
 * RENAME_NOREPLACE EEXIST, RENAME_EXCHANGE swaps (ENOENT without a target),
 * both flags EINVAL, "." as a name EBUSY; renaming onto the same file does
 * nothing; link counts of the parents follow moved directories.
 */
#include "fs_test.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static long ren2(const char *a, const char *b, unsigned flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void put(const char *p, const char *text)
{
	int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	write(fd, text, strlen(text));
	close(fd);
}

static void show(const char *p)
{
	char buf[32] = {0};
	int fd = open(p, O_RDONLY);
	if (fd < 0) {
		say("%s: %s\n", p, errname(errno));
		return;
	}
	read(fd, buf, sizeof buf - 1);
	close(fd);
	say("%s: '%s'\n", p, buf);
}

static long nlink(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long)st.st_nlink : -1;
}

int main(void)
{
	mkdir("/tmp/rc", 0755);
	mkdir("/tmp/rc/d1", 0755);
	mkdir("/tmp/rc/d2", 0755);
	mkdir("/tmp/rc/full", 0755);
	put("/tmp/rc/full/x", "x");
	put("/tmp/rc/a", "A");
	put("/tmp/rc/b", "B");
	R("rename a -> c", rename("/tmp/rc/a", "/tmp/rc/c"));
	show("/tmp/rc/a");
	show("/tmp/rc/c");
	R("rename c over b", rename("/tmp/rc/c", "/tmp/rc/b"));
	show("/tmp/rc/b");
	show("/tmp/rc/c");
	R("file over directory", rename("/tmp/rc/b", "/tmp/rc/d1"));
	R("directory over file", rename("/tmp/rc/d1", "/tmp/rc/b"));
	R("over non-empty directory", rename("/tmp/rc/d1", "/tmp/rc/full"));
	R("into itself", rename("/tmp/rc/d1", "/tmp/rc/d1/sub"));
	R("missing source", rename("/tmp/rc/none", "/tmp/rc/z"));
	R("missing target dir", rename("/tmp/rc/b", "/tmp/rc/none/z"));
	R("file with trailing slash", rename("/tmp/rc/b/", "/tmp/rc/z"));
	R("dot", rename("/tmp/rc/d1/.", "/tmp/rc/z"));
	say("rc nlink %ld\n", nlink("/tmp/rc"));
	R("dir into dir", rename("/tmp/rc/d1", "/tmp/rc/d2/d1"));
	say("rc nlink %ld, d2 nlink %ld\n", nlink("/tmp/rc"), nlink("/tmp/rc/d2"));
	mkdir("/tmp/rc/empty", 0755);
	R("dir over empty dir", rename("/tmp/rc/d2/d1", "/tmp/rc/empty"));
	say("rc nlink %ld, d2 nlink %ld\n", nlink("/tmp/rc"), nlink("/tmp/rc/d2"));
	put("/tmp/rc/p", "P");
	put("/tmp/rc/q", "Q");
	R("NOREPLACE existing", ren2("/tmp/rc/p", "/tmp/rc/q", RENAME_NOREPLACE));
	R("NOREPLACE new", ren2("/tmp/rc/p", "/tmp/rc/r", RENAME_NOREPLACE));
	R("EXCHANGE", ren2("/tmp/rc/r", "/tmp/rc/q", RENAME_EXCHANGE));
	show("/tmp/rc/q");
	show("/tmp/rc/r");
	R("EXCHANGE file and dir", ren2("/tmp/rc/q", "/tmp/rc/d2", RENAME_EXCHANGE));
	struct stat st;
	say("q is dir %d, d2 is file %d\n", stat("/tmp/rc/q", &st) == 0 && S_ISDIR(st.st_mode),
	    stat("/tmp/rc/d2", &st) == 0 && S_ISREG(st.st_mode));
	R("EXCHANGE missing", ren2("/tmp/rc/q", "/tmp/rc/none", RENAME_EXCHANGE));
	R("both flags", ren2("/tmp/rc/q", "/tmp/rc/r", RENAME_EXCHANGE | RENAME_NOREPLACE));
	R("bad flag", ren2("/tmp/rc/q", "/tmp/rc/r", 0x100));
	link("/tmp/rc/r", "/tmp/rc/r2");
	R("onto a hard link of itself", rename("/tmp/rc/r", "/tmp/rc/r2"));
	say("both names still there: %d\n", access("/tmp/rc/r", F_OK) == 0 && access("/tmp/rc/r2", F_OK) == 0);
	R("onto itself", rename("/tmp/rc/r", "/tmp/rc/r"));
	int fd = open("/tmp/rc/r", O_RDONLY);
	R("open file survives rename", rename("/tmp/rc/r", "/tmp/rc/moved"));
	char buf[4] = {0};
	say("read after rename: %zd '%s'\n", read(fd, buf, 3), buf);
	close(fd);
	unlink("/tmp/rc/moved");
	unlink("/tmp/rc/r2");
	unlink("/tmp/rc/b");
	unlink("/tmp/rc/p");
	unlink("/tmp/rc/d2");
	unlink("/tmp/rc/full/x");
	rmdir("/tmp/rc/full");
	rmdir("/tmp/rc/empty");
	rmdir("/tmp/rc/q");
	R("cleanup", rmdir("/tmp/rc"));
	done();
	return 0;
}
