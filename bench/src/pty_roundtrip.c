/*
 * pty_roundtrip.c — cost of a byte's trip through a pseudo-terminal and
 * back: write one byte to the master, read it from the slave, write it to
 * the slave, read it from the master, in one process. The slave is raw
 * (cfmakeraw: no echo, no line editing, no output processing), so the row
 * measures the pty and line-discipline paths, not editing rules.
 *
 * Output: "RESULT pty_roundtrip_ns <ns per round trip>" (the median of 5
 * runs of ROUNDS), then "done"; NA when ptys cannot be opened.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define ROUNDS 500 /* Linux takes ~2 ms a trip under TCG (its flip-buffer work queue) */
#define RUNS 5

static int open_pair(int *master, int *slave)
{
	struct stat st;
	if (stat("/dev/pts/ptmx", &st) != 0) {
		mkdir("/dev/pts", 0755);
		mount("devpts", "/dev/pts", "devpts", 0, NULL);
	}
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master))
		return -1;
	const char *name = ptsname(*master);
	*slave = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	if (*slave < 0)
		return -1;
	struct termios t;
	tcgetattr(*slave, &t);
	cfmakeraw(&t);
	return tcsetattr(*slave, TCSANOW, &t);
}

static int round_trip(int master, int slave)
{
	char c = 'x';
	if (write(master, &c, 1) != 1 || read(slave, &c, 1) != 1)
		return -1;
	if (write(slave, &c, 1) != 1 || read(master, &c, 1) != 1)
		return -1;
	return 0;
}

int main(void)
{
	int master, slave;
	if (open_pair(&master, &slave)) {
		not_available("pty_roundtrip_ns", "pty: %s", errno_name(errno));
		bench_done();
		return 0;
	}
	double runs[RUNS];
	round_trip(master, slave); /* warm up */
	for (int r = 0; r < RUNS; r++) {
		double start = now_ns();
		for (int i = 0; i < ROUNDS; i++)
			if (round_trip(master, slave)) {
				not_available("pty_roundtrip_ns", "round trip: %s", errno_name(errno));
				bench_done();
				return 0;
			}
		runs[r] = (now_ns() - start) / ROUNDS;
	}
	result("pty_roundtrip_ns", median(runs, RUNS));
	bench_done();
	return 0;
}
