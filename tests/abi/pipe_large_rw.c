/*
 * pipe_large_rw.c — full-size pipe transfers (pipe(7), Linux fs/pipe.c
 * pipe_read/pipe_write): read(64 KiB) of a full pipe returns all 65,536
 * bytes at once; a non-blocking write fills exactly the 16 one-page slots
 * (writes of 4097 bytes take two slots each, as Linux's ring does); a
 * 1 MiB write through a reader thread arrives whole and in order; reads
 * return what is there without waiting for more.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "lvtest.h"

#define BIG (1 << 20)

static int big_pipe[2];
static unsigned char big[BIG];

static void *big_reader(void *arg)
{
	static unsigned char in[BIG];
	size_t got = 0;
	long calls = 0;
	while (got < BIG) {
		ssize_t n = read(big_pipe[0], in + got, BIG - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		calls++;
	}
	size_t bad = 0;
	for (size_t i = 0; i < got; i++)
		bad += in[i] != big[i];
	say("reader: %zu bytes, %zu differ, more than one read: %s\n", got, bad, calls > 1 ? "yes" : "no");
	return NULL;
}

int main(void)
{
	int p[2];
	if (pipe2(p, O_NONBLOCK))
		return 1;
	static char buf[1 << 17];
	memset(buf, 'x', sizeof(buf));
	long total = 0, n;
	while ((n = write(p[1], buf, 4096)) > 0)
		total += n;
	say("filled with 4096-byte writes: %ld, then errno %s\n", total, errname(errno));
	n = read(p[0], buf, 65536);
	say("read(64 KiB) of a full pipe: %ld\n", n);
	n = read(p[0], buf, 65536);
	show_ret("read of the empty pipe", n, errno);

	total = 0;
	while ((n = write(p[1], buf, 4097)) > 0)
		total += n;
	int avail = -1;
	ioctl(p[0], FIONREAD, &avail);
	say("filled with 4097-byte writes: %ld (FIONREAD %d)\n", total, avail);
	n = read(p[0], buf, sizeof(buf));
	say("read all: %ld\n", n);

	n = write(p[1], buf, 100);
	n = write(p[1], buf, 100);
	n = read(p[0], buf, 150);
	say("two writes of 100, read 150: %ld\n", n);
	n = read(p[0], buf, 150);
	say("then: %ld\n", n);
	n = write(p[1], buf, sizeof(buf));
	say("non-blocking write of 128 KiB into an empty pipe: %ld\n", n);
	close(p[0]);
	close(p[1]);

	for (size_t i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 7 + i / 4096);
	if (pipe(big_pipe))
		return 1;
	pthread_t t;
	pthread_create(&t, NULL, big_reader, NULL);
	n = write(big_pipe[1], big, BIG);
	/* The reader reports first: it prints before the join returns, and the
	 * writer's line after it keeps the order fixed on both kernels. */
	pthread_join(t, NULL);
	say("write(1 MiB): %ld\n", n);
	done();
	return 0;
}
