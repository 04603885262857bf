/*
 * ppoll_many_fds.c — poll on more descriptors than any fixed table would
 * hold (Linux fs/select.c keeps adding poll_table pages): 300 pipes, the
 * one written is the 290th. A thread writes to it while the main thread is
 * (most likely) asleep in poll with no timeout; the wake-up must reach poll
 * and report just that descriptor — a table that drops registrations hangs
 * (the harness times out). The writer then waits, so no thread exit can
 * wake poll by chance. (Its short nanosleep only makes the sleeping case
 * likely; the output is the same either way.)
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

#include "lvtest.h"

#define NPIPES 300

static int pipes[NPIPES][2];
static int hold[2]; /* the writer stays alive until poll has returned */

static void *writer(void *arg)
{
	struct timespec ts = {0, 100 * 1000 * 1000};
	nanosleep(&ts, NULL);
	write(pipes[289][1], "x", 1);
	char c;
	read(hold[0], &c, 1); /* no exit that could wake the poller by chance */
	return NULL;
}

int main(void)
{
	struct rlimit rl = {2048, 2048};
	setrlimit(RLIMIT_NOFILE, &rl);
	static struct pollfd pf[NPIPES];
	for (int i = 0; i < NPIPES; i++) {
		if (pipe(pipes[i])) {
			say("pipe %d failed: %s\n", i, errname(errno));
			return 1;
		}
		pf[i].fd = pipes[i][0];
		pf[i].events = POLLIN;
	}
	if (pipe(hold))
		return 1;
	pthread_t t;
	pthread_create(&t, NULL, writer, NULL);
	int n = poll(pf, NPIPES, -1); /* a missed wake-up hangs here */
	say("poll: %d\n", n);
	for (int i = 0; i < NPIPES; i++) {
		if (pf[i].revents)
			say("ready: pipe %d revents %#x\n", i, pf[i].revents);
	}
	write(hold[1], "x", 1);
	pthread_join(t, NULL);
	done();
	return 0;
}
