/*
 * proc_fd_reopen_pipe.c — /proc/self/fd/N of a pipe end is a magic link
 * (fs/proc/fd.c proc_fd_link, fs/namei.c nd_jump_link): opening it opens
 * the pipe itself (fifo_open on the pipe's inode), a new open file of the
 * same pipe, not the text "pipe:[N]" that readlink still shows. stat
 * through it is the pipe's inode; linkat of it to a name is EXDEV (another
 * mount); O_NOFOLLOW refuses the link (ELOOP). Unlike a named FIFO, such an
 * open never waits for the other end nor is ENXIO (fifo_open's is_pipe):
 * a reader with no writer left reads what is there, then end of file; a
 * non-blocking writer with no reader opens and gets EPIPE.
 */
#include "fs_test.h"
#include <signal.h>

static void no_partner(void)
{
	int q[2];
	pipe(q);
	write(q[1], "left", 4);
	close(q[1]);
	char path[64], buf[8] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", q[0]);
	int r = open(path, O_RDONLY);
	R("open a read end with no writer", r);
	say("read %zd: %.4s, then %zd\n", read(r, buf, sizeof buf), buf, read(r, buf, sizeof buf));
	int s[2];
	pipe(s);
	close(s[0]);
	snprintf(path, sizeof path, "/proc/self/fd/%d", s[1]);
	int w = open(path, O_WRONLY | O_NONBLOCK);
	R("open a write end with no reader, O_NONBLOCK", w);
	signal(SIGPIPE, SIG_IGN);
	R("write to it", write(w, "x", 1));
}

int main(void)
{
	int p[2];
	if (pipe(p) < 0)
		return 1;
	char path[64], link[64] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = '\0';
	yesno("readlink says pipe:[", strncmp(link, "pipe:[", 6) == 0);

	write(p[1], "hello", 5);
	int r = open(path, O_RDONLY);
	R("open read end through /proc", r);
	char buf[16] = "";
	say("read %zd: %.5s\n", read(r, buf, sizeof buf), buf);

	char wpath[64];
	snprintf(wpath, sizeof wpath, "/proc/self/fd/%d", p[1]);
	int w = open(wpath, O_WRONLY);
	R("open write end through /proc", w);
	say("write %zd\n", write(w, "again", 5));
	memset(buf, 0, sizeof buf);
	say("read from the first end %zd: %.5s\n", read(p[0], buf, sizeof buf), buf);

	int rw = open(path, O_RDWR);
	R("open O_RDWR through /proc", rw);

	struct stat a, b;
	R("stat through /proc", stat(path, &a));
	fstat(p[0], &b);
	yesno("a fifo", S_ISFIFO(a.st_mode));
	yesno("the same inode as fstat", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	say("mode %o nlink %ld\n", a.st_mode, (long)a.st_nlink);
	fstat(r, &a);
	yesno("the reopened end is the same inode", a.st_ino == b.st_ino);
	char rlink[64] = "";
	char rpath[64];
	snprintf(rpath, sizeof rpath, "/proc/self/fd/%d", r);
	n = readlink(rpath, rlink, sizeof rlink - 1);
	rlink[n > 0 ? n : 0] = '\0';
	yesno("the reopened end's link is the same text", strcmp(rlink, link) == 0);

	R("open O_NOFOLLOW", open(path, O_RDONLY | O_NOFOLLOW));
	R("linkat AT_SYMLINK_FOLLOW of a pipe", linkat(AT_FDCWD, path, AT_FDCWD, "/tmp/pipe_name", AT_SYMLINK_FOLLOW));
	R("a name under it", open("/proc/self/fd/0/x", O_RDONLY));

	close(p[1]);
	close(w);
	close(rw);
	memset(buf, 0, sizeof buf);
	say("end of file when the writers are gone: %zd\n", read(r, buf, sizeof buf));
	no_partner();
	done();
	return 0;
}
