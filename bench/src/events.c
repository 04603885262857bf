/*
 * events.c — event plumbing costs (issue #16):
 *
 *   epoll_wait_1000idle_ns  epoll_wait on an epoll watching 1,000 idle
 *                           pipes and one always-ready eventfd (level
 *                           triggered): the cost must not grow with the
 *                           idle ones, per call
 *   eventfd_pingpong_ns     two threads handing a token back and forth
 *                           through two eventfds (blocking reads), per
 *                           round trip
 *
 * Output: "RESULT <metric> <value>" (or NA), then "done".
 */
#include "bench.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#define IDLE 1000
#define WAITS 20000
#define ROUNDS 5000

static int ping, pong;

static void epoll_row(void)
{
	struct rlimit rl = {4096, 4096};
	setrlimit(RLIMIT_NOFILE, &rl);
	int ep = epoll_create1(0);
	for (int i = 0; i < IDLE / 2; i++) {
		int p[2];
		if (pipe(p)) {
			not_available("epoll_wait_1000idle_ns", "pipe: %s", errno_name(errno));
			return;
		}
		struct epoll_event in = {.events = EPOLLIN}, out = {.events = EPOLLIN};
		epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &in);
		epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &out); /* a write end: never readable */
	}
	int ready = eventfd(1, 0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ready, &ev)) {
		not_available("epoll_wait_1000idle_ns", "epoll_ctl: %s", errno_name(errno));
		return;
	}
	struct epoll_event got[4];
	double start = now_ns();
	for (int i = 0; i < WAITS; i++)
		if (epoll_wait(ep, got, 4, -1) != 1) {
			not_available("epoll_wait_1000idle_ns", "epoll_wait: %s", errno_name(errno));
			return;
		}
	result("epoll_wait_1000idle_ns", (now_ns() - start) / WAITS);
}

static void *ponger(void *arg)
{
	(void)arg;
	uint64_t v;
	for (int i = 0; i < ROUNDS + 1; i++)
		if (read(ping, &v, sizeof v) != sizeof v || write(pong, &v, sizeof v) != sizeof v)
			break;
	return NULL;
}

static void eventfd_row(void)
{
	ping = eventfd(0, 0);
	pong = eventfd(0, 0);
	if (ping < 0 || pong < 0) {
		not_available("eventfd_pingpong_ns", "eventfd: %s", errno_name(errno));
		return;
	}
	pthread_t th;
	pthread_create(&th, NULL, ponger, NULL);
	uint64_t one = 1, v;
	double start = 0;
	for (int i = 0; i < ROUNDS + 1; i++) {
		if (i == 1)
			start = now_ns(); /* one warm-up round trip */
		if (write(ping, &one, sizeof one) != sizeof one || read(pong, &v, sizeof v) != sizeof v) {
			not_available("eventfd_pingpong_ns", "read/write: %s", errno_name(errno));
			return;
		}
	}
	double end = now_ns();
	pthread_join(th, NULL);
	result("eventfd_pingpong_ns", (end - start) / ROUNDS);
}

int main(void)
{
	epoll_row();
	eventfd_row();
	bench_done();
	return 0;
}
