/*
 * pipe_times.c — a pipe's times (Linux fs/pipe.c): a write that wrote
 * something sets the modification and change times (pipe_write's
 * file_update_time), a read that returned data the access time (pipe_read's
 * file_accessed); an empty read or a write of nothing changes none. A pipe
 * from pipe(2) lives on Linux's internal pipefs mount, which has no relatime:
 * every read moves its access time. A FIFO on a tmpfs mounted by mount(2)
 * (relatime) gets a new access time only while it is not after the
 * modification and change times, and none when opened O_NOATIME.
 * Between steps the test sleeps 30 ms so the coarse clock file times come
 * from (one tick: 4 ms on Debian's HZ=250 kernel) has moved.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static struct stat before;

static void tick(void)
{
	struct timespec ts = {0, 30 * 1000 * 1000};
	nanosleep(&ts, NULL);
}

static int later(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

static int same(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Says which of fd's times moved since the last call (or since `before` was taken). */
static void moved(const char *label, int fd)
{
	struct stat now;
	fstat(fd, &now);
	say("%s: atime %s, mtime %s, ctime %s\n", label,
	    later(now.st_atim, before.st_atim)	? "later"
	    : same(now.st_atim, before.st_atim) ? "same"
						: "EARLIER",
	    later(now.st_mtim, before.st_mtim)	? "later"
	    : same(now.st_mtim, before.st_mtim) ? "same"
						: "EARLIER",
	    later(now.st_ctim, before.st_ctim)	? "later"
	    : same(now.st_ctim, before.st_ctim) ? "same"
						: "EARLIER");
	before = now;
	tick();
}

/* The steps on a read end r and write end w (they may be the same file). */
static void steps(const char *what, int r, int w)
{
	char c;
	fstat(r, &before);
	tick();
	say("%s\n", what);
	show_ret("  write 0 bytes", write(w, "x", 0), errno);
	moved("  after writing nothing", r);
	show_ret("  write 2 bytes", write(w, "xy", 2), errno);
	moved("  after a write", r);
	show_ret("  read 1 byte", read(r, &c, 1), errno);
	moved("  after a read", r);
	show_ret("  read 1 byte", read(r, &c, 1), errno);
	moved("  after a second read", r);
	expect_err("  read empty", read(r, &c, 1), errno, EAGAIN);
	moved("  after an empty read", r);
}

int main(void)
{
	int p[2];
	show_ret("pipe2", pipe2(p, O_NONBLOCK), errno);
	steps("pipe(2):", p[0], p[1]);

	mkdir("/tmp/pt", 0700);
	show_ret("mount tmpfs", mount("tmpfs", "/tmp/pt", "tmpfs", 0, NULL), errno);
	show_ret("mkfifo", mkfifo("/tmp/pt/fifo", 0600), errno);
	int f = open("/tmp/pt/fifo", O_RDWR | O_NONBLOCK);
	show_ret("open fifo", f >= 0 ? 0 : -1, errno);
	steps("FIFO on tmpfs (relatime):", f, f);
	int n = open("/tmp/pt/fifo", O_RDWR | O_NONBLOCK | O_NOATIME);
	show_ret("open fifo O_NOATIME", n >= 0 ? 0 : -1, errno);
	steps("FIFO opened O_NOATIME:", n, f);
	close(n);
	close(f);
	unlink("/tmp/pt/fifo");
	umount("/tmp/pt");
	done();
	return 0;
}
