/*
 * procs_1000.c — 1,000 live processes: fork until 1,000 children are alive
 * (each blocks reading a pipe), then close the pipe so all of them exit, and
 * reap them. Measures process creation and teardown when many processes
 * exist at once (pid allocation, ASIDs, scheduler queues).
 *
 *   procs_1000_fork_ms   forking the 1,000 (each child waits)
 *   procs_1000_exit_ms   from closing the pipe until the last is reaped
 *
 * A fork that fails is reported as "NA ... fork number N failed: ERRNO"
 * after the children made so far are ended and reaped; the run goes on.
 *
 * Output: "RESULT procs_1000_{fork,exit}_ms <ms>", then "done".
 */
#include "bench.h"
#include <sys/wait.h>
#include <unistd.h>

#define PROCS 1000

static int reap(int n)
{
	int reaped = 0;
	while (reaped < n && wait(NULL) > 0)
		reaped++;
	return reaped;
}

int main(void)
{
	int pfd[2];
	if (pipe(pfd) != 0) {
		printf("pipe: %s\n", errno_name(errno));
		return 1;
	}
	int made = 0, err = 0;
	double start = now_ns();
	for (; made < PROCS; made++) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(pfd[1]);
			(void)!read(pfd[0], &c, 1); /* EOF when the parent closes its end */
			_exit(0);
		}
	}
	double forked = now_ns();
	close(pfd[1]);
	int reaped = reap(made);
	double end = now_ns();
	if (err) {
		not_available("procs_1000_fork_ms", "fork number %d failed: %s", made + 1, errno_name(err));
		not_available("procs_1000_exit_ms", "fork number %d failed: %s", made + 1, errno_name(err));
	} else if (reaped != made) {
		printf("reaped %d of %d children\n", reaped, made);
		return 1;
	} else {
		result("procs_1000_fork_ms", (forked - start) / 1e6);
		result("procs_1000_exit_ms", (end - forked) / 1e6);
	}
	bench_done();
	return 0;
}
