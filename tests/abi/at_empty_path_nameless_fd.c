/*
 * at_empty_path_nameless_fd.c — the *at calls with AT_EMPTY_PATH (and
 * utimensat with a NULL path) on descriptors with no name (a pipe, a
 * socketpair, an eventfd) act on the object's own inode, as Linux's
 * user_path_at with LOOKUP_EMPTY takes the file's f_path on pipefs, sockfs
 * or anon_inodefs (fs/namei.c, fs/utimes.c do_utimes_fd): fchownat and
 * utimensat change what fstat then shows; faccessat sees it; linkat cannot
 * give it a name on another mount (EXDEV).
 */
#include "lvtest.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>

static void act_on(const char *what, int fd)
{
	struct stat st;
	show_ret("fchownat", fchownat(fd, "", 1000, 1001, AT_EMPTY_PATH), errno);
	fstat(fd, &st);
	say("%s: owner %u:%u\n", what, st.st_uid, st.st_gid);
	struct timespec ts[2] = {{1000, 0}, {2000, 0}};
	show_ret("utimensat with \"\"", utimensat(fd, "", ts, AT_EMPTY_PATH), errno);
	fstat(fd, &st);
	say("%s: atime %ld, mtime %ld\n", what, (long)st.st_atime, (long)st.st_mtime);
	ts[1].tv_sec = 3000;
	show_ret("utimensat with NULL", syscall(SYS_utimensat, fd, NULL, ts, 0), errno);
	fstat(fd, &st);
	say("%s: mtime %ld\n", what, (long)st.st_mtime);
	show_ret("faccessat", faccessat(fd, "", R_OK, AT_EMPTY_PATH), errno);
	expect_err("linkat", linkat(fd, "", AT_FDCWD, "/tmp/nameless", AT_EMPTY_PATH), errno, EXDEV);
}

int main(void)
{
	int p[2], s[2];
	if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, s))
		return 1;
	act_on("pipe", p[1]);
	act_on("socketpair", s[0]);
	act_on("eventfd", eventfd(0, 0));
	done();
	return 0;
}
