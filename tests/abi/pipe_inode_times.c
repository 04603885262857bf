/* pipe_inode_times: a pipe's read and write move its inode's times, as
 * fstat shows them (Linux fs/pipe.c: pipe_read calls file_accessed when it
 * returned data, pipe_write file_update_time when it stored some). Times
 * come from the coarse real-time clock, so before each step the test waits
 * until CLOCK_REALTIME_COARSE is past every time the inode holds (a spin on
 * the clock, no sleep). A write sets mtime and ctime, not atime; a read sets
 * atime only, also a second read with no write between (pipefs has no
 * relatime); a read that finds nothing (EAGAIN) and a write of 0 bytes
 * change nothing. Prints only comparisons. */
#include "lvtest.h"
#include <sys/stat.h>
#include <time.h>

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Spins until the coarse clock is past every time of fd's inode. */
static void clock_past(int fd)
{
	struct stat st;
	fstat(fd, &st);
	long long newest = ns(st.st_atim);
	if (ns(st.st_mtim) > newest)
		newest = ns(st.st_mtim);
	if (ns(st.st_ctim) > newest)
		newest = ns(st.st_ctim);
	struct timespec now;
	do
		clock_gettime(CLOCK_REALTIME_COARSE, &now);
	while (ns(now) <= newest);
}

static const char *moved(struct timespec before, struct timespec after)
{
	return ns(after) > ns(before) ? "later" : ns(after) == ns(before) ? "same" : "EARLIER";
}

/* Runs step on the pipe and says which times moved on fd's inode. */
static void step(const char *what, int fd, int p[2], int (*fn)(int p[2]))
{
	clock_past(fd);
	struct stat a, b;
	fstat(fd, &a);
	int r = fn(p);
	fstat(fd, &b);
	say("%s (%d): atime %s, mtime %s, ctime %s\n", what, r, moved(a.st_atim, b.st_atim),
	    moved(a.st_mtim, b.st_mtim), moved(a.st_ctim, b.st_ctim));
}

static int write_one(int p[2])
{
	return (int)write(p[1], "x", 1);
}

static int write_none(int p[2])
{
	return (int)write(p[1], "", 0);
}

static int read_one(int p[2])
{
	char c;
	return (int)read(p[0], &c, 1);
}

static int read_empty(int p[2])
{
	char c;
	errno = 0;
	int r = (int)read(p[0], &c, 1);
	return r < 0 ? -errno : r;
}

int main(void)
{
	int p[2];
	if (pipe2(p, O_NONBLOCK)) {
		say("pipe2: %s\n", errname(errno));
		return 1;
	}
	struct stat r, w;
	fstat(p[0], &r);
	fstat(p[1], &w);
	say("both ends one inode: %s\n", r.st_ino == w.st_ino && r.st_dev == w.st_dev ? "yes" : "no");
	step("write 1 byte, seen from the read end", p[0], p, write_one);
	step("write 1 byte, seen from the write end", p[1], p, write_one);
	step("read 1 byte", p[0], p, read_one);
	step("read 1 byte again, no write between", p[0], p, read_one);
	step("read of an empty pipe", p[0], p, read_empty);
	step("write of 0 bytes", p[1], p, write_none);
	done();
	return 0;
}
