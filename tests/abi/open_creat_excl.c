/*
 * open_creat_excl.c — openat with O_CREAT (fs/namei.c open_last_lookups,
 * do_open): a new file gets mode & ~umask and size 0; O_EXCL on an existing
 * name is EEXIST (also through a symbolic link, which is not followed);
 * without O_EXCL the existing file opens; O_CREAT on a directory is EISDIR,
 * with a trailing slash EISDIR; in a missing directory ENOENT; under a file
 * ENOTDIR; O_DIRECTORY on a file ENOTDIR; O_TRUNC empties; O_NOFOLLOW on a
 * link is ELOOP; a name longer than NAME_MAX is ENAMETOOLONG.
 */
#include "fs_test.h"

int main(void)
{
	umask(022);
	mkdir("/tmp/oce", 0755);
	int fd = open("/tmp/oce/f", O_CREAT | O_WRONLY | O_EXCL, 0666);
	yesno("created", fd >= 0);
	struct stat st;
	fstat(fd, &st);
	say("mode %o size %ld nlink %ld\n", st.st_mode, (long)st.st_size, (long)st.st_nlink);
	say("write 5: %zd\n", write(fd, "hello", 5));
	close(fd);
	R("O_EXCL existing", open("/tmp/oce/f", O_CREAT | O_EXCL | O_RDWR, 0600));
	fd = open("/tmp/oce/f", O_CREAT | O_RDWR, 0600);
	yesno("O_CREAT existing opens", fd >= 0);
	fstat(fd, &st);
	say("mode kept %o size %ld\n", st.st_mode, (long)st.st_size);
	close(fd);
	fd = open("/tmp/oce/f", O_RDWR | O_TRUNC);
	fstat(fd, &st);
	say("after O_TRUNC size %ld\n", (long)st.st_size);
	close(fd);
	R("O_CREAT on a directory", open("/tmp/oce", O_CREAT | O_RDWR, 0600));
	R("O_CREAT on a directory read-only", open("/tmp/oce", O_CREAT | O_RDONLY, 0600));
	R("O_CREAT trailing slash", open("/tmp/oce/new/", O_CREAT | O_RDWR, 0600));
	R("O_CREAT missing dir", open("/tmp/oce/missing/f", O_CREAT | O_RDWR, 0600));
	R("O_CREAT under a file", open("/tmp/oce/f/x", O_CREAT | O_RDWR, 0600));
	R("O_DIRECTORY on a file", open("/tmp/oce/f", O_RDONLY | O_DIRECTORY));
	R("write-open a directory", open("/tmp/oce", O_WRONLY));
	symlink("f", "/tmp/oce/link");
	symlink("nowhere", "/tmp/oce/dangling");
	R("O_EXCL on a link", open("/tmp/oce/link", O_CREAT | O_EXCL | O_RDWR, 0600));
	R("O_NOFOLLOW on a link", open("/tmp/oce/link", O_RDONLY | O_NOFOLLOW));
	R("O_CREAT|O_NOFOLLOW on a link", open("/tmp/oce/link", O_CREAT | O_RDONLY | O_NOFOLLOW, 0600));
	R("open through link", open("/tmp/oce/link", O_RDONLY));
	R("open dangling link", open("/tmp/oce/dangling", O_RDONLY));
	char longname[300];
	memset(longname, 'a', sizeof longname);
	memcpy(longname, "/tmp/oce/", 9);
	longname[299] = 0;
	R("name > NAME_MAX", open(longname, O_CREAT | O_RDWR, 0600));
	R("missing without O_CREAT", open("/tmp/oce/nothing", O_RDONLY));
	R("empty path", open("", O_RDONLY));
	umask(077);
	fd = open("/tmp/oce/g", O_CREAT | O_RDWR, 0777);
	fstat(fd, &st);
	say("umask 077: mode %o\n", st.st_mode);
	close(fd);
	unlink("/tmp/oce/g");
	unlink("/tmp/oce/f");
	unlink("/tmp/oce/link");
	unlink("/tmp/oce/dangling");
	R("rmdir", rmdir("/tmp/oce"));
	done();
	return 0;
}
