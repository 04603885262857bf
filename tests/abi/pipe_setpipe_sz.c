/*
 * pipe_setpipe_sz.c — F_GETPIPE_SZ and F_SETPIPE_SZ (fcntl(2), Linux
 * fs/pipe.c pipe_set_size and round_pipe_size): 64 KiB by default; sizes
 * round up to a power-of-two number of pages, at least one page; above
 * 2 GiB (or a negative int) is EINVAL; shrinking below what the pipe holds
 * is EBUSY and changes nothing; the data survives a resize in order; the
 * new size is what a non-blocking writer can fill; a file that is not a
 * pipe is EBADF. Runs as root, so sizes above pipe-max-size (1 MiB) work.
 */
#define _GNU_SOURCE
#include <fcntl.h>

#include "lvtest.h"

static void set(int fd, long size)
{
	long r = fcntl(fd, F_SETPIPE_SZ, size);
	char label[64];
	snprintf(label, sizeof label, "F_SETPIPE_SZ %ld", size);
	show_ret(label, r, errno);
}

static long fill(int fd)
{
	static char buf[4096];
	long total = 0, n;
	while ((n = write(fd, buf, sizeof(buf))) > 0)
		total += n;
	return total;
}

int main(void)
{
	int p[2];
	if (pipe2(p, O_NONBLOCK))
		return 1;
	show_ret("F_GETPIPE_SZ read end", fcntl(p[0], F_GETPIPE_SZ), errno);
	show_ret("F_GETPIPE_SZ write end", fcntl(p[1], F_GETPIPE_SZ), errno);
	set(p[0], 0);
	set(p[0], 1);
	set(p[0], 4097);
	set(p[1], 100000);
	show_ret("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ), errno);
	say("fills with: %ld\n", fill(p[1]));
	set(p[1], 4096);
	set(p[1], 65536);
	set(p[1], 4096);
	char buf[8];
	long n = read(p[0], buf, 8);
	say("read after the failed shrink: %ld\n", n);
	static char all[1 << 18];
	n = read(p[0], all, sizeof(all));
	say("rest: %ld\n", n);
	set(p[1], 4096);
	say("fills with: %ld\n", fill(p[1]));
	n = read(p[0], all, sizeof(all));
	set(p[1], 2 << 20);
	say("fills with: %ld\n", fill(p[1]));
	n = read(p[0], all, sizeof(all));
	say("read(256 KiB) of it: %ld\n", n);

	int q[2];
	if (pipe(q))
		return 1;
	write(q[1], "abc", 3);
	write(q[1], "defgh", 5);
	set(q[1], 8192);
	n = read(q[0], buf, sizeof(buf));
	say("after growing: %ld '%.*s'\n", n, (int)n, buf);

	set(p[0], 0x80000001L);
	set(p[0], -1);
	int fd = open("/dev/null", O_RDONLY);
	show_ret("F_GETPIPE_SZ /dev/null", fcntl(fd, F_GETPIPE_SZ), errno);
	show_ret("F_SETPIPE_SZ /dev/null", fcntl(fd, F_SETPIPE_SZ, 4096), errno);
	done();
	return 0;
}
