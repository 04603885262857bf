/*
 * ppoll_timeout_writeback.c — the raw ppoll system call writes the time
 * left back into its timespec (Linux fs/select.c poll_select_finish; glibc
 * and musl hide it behind a copy): {0, 0} after a timeout, untouched for a
 * zero timeout, and no more than what was given when a descriptor is ready.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <time.h>

#include "lvtest.h"

int main(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf = {.fd = p[0], .events = POLLIN};
	struct timespec ts = {0, 20 * 1000 * 1000};
	long r = syscall(SYS_ppoll, &pf, 1, &ts, NULL, 8);
	say("timed out: ret %ld, left {%ld, %ld}\n", r, (long)ts.tv_sec, ts.tv_nsec);
	struct timespec zero = {0, 0};
	r = syscall(SYS_ppoll, &pf, 1, &zero, NULL, 8);
	say("zero timeout: ret %ld, left {%ld, %ld}\n", r, (long)zero.tv_sec, zero.tv_nsec);
	write(p[1], "x", 1);
	struct timespec big = {100, 0};
	r = syscall(SYS_ppoll, &pf, 1, &big, NULL, 8);
	say("ready: ret %ld, left at most 100 s and more than 90 s: %s\n", r,
	    big.tv_sec <= 100 && big.tv_sec >= 90 ? "yes" : "no");
	expect_err("bad timespec", syscall(SYS_ppoll, &pf, 1, (void *)8, NULL, 8), errno, EFAULT);
	done();
	return 0;
}
