/*
 * smp_tcp_timer_close.c — a socket closed by one thread while its TCP timer
 * is armed or firing on another CPU (run_abi.py boots smp_* tests with two
 * CPUs on both kernels). The timer's work runs in process context and holds
 * a reference on the socket (docs/net.md "The timer"), so neither order may
 * lose a reference or touch a freed socket:
 *
 * - SYN retransmission: a listener with a backlog of 0 holds one connection
 *   and drops every later SYN; each client sets TCP_USER_TIMEOUT to 1 ms,
 *   connects without blocking (EINPROGRESS, the timer armed) and another
 *   thread closes it after 0 to 3.5 ms — before, while and after the
 *   timer gives up. Afterwards no socket is left in SYN_SENT in
 *   /proc/net/tcp, and a fresh connection still works. Linux with two CPUs
 *   may let one of those SYNs into the accept queue while the first
 *   connection's ACK is still on its way (its queue then holds two), and a
 *   fresh SYN then waits for room (retransmitted after 1 s, 3 s, ...): the
 *   fresh connection is made without blocking while everything queued is
 *   accepted, bounded at 20 s.
 * - The TCP_CORK ceiling (five times): a corked client writes 5 bytes (held, the 200 ms
 *   timer armed) and another thread closes it 190 to 210 ms later, around
 *   the ceiling; the server reads the 5 bytes and end of file every time.
 * The delays only vary the overlap; every printed result is fixed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "inet_test.h"

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static void spin_us(long us)
{
	long end = now_us() + us;
	while (now_us() < end)
		;
}

/* The closer thread: takes (fd, delay) from a pipe, waits, closes, answers
 * with close's result. */
struct job {
	int fd;
	long delay_us;
};
static int to_closer[2], from_closer[2];

static void *closer(void *arg)
{
	(void)arg;
	struct job j;
	while (read(to_closer[0], &j, sizeof j) == sizeof j && j.fd >= 0) {
		spin_us(j.delay_us);
		int r = close(j.fd);
		if (write(from_closer[1], &r, sizeof r) != sizeof r)
			break;
	}
	return NULL;
}

static int close_elsewhere(int fd, long delay_us)
{
	struct job j = {fd, delay_us};
	int r = -2;
	if (write(to_closer[1], &j, sizeof j) != sizeof j || read(from_closer[0], &r, sizeof r) != sizeof r)
		return -2;
	return r;
}

/* Lines of /proc/net/tcp in state st (hex, as the file writes it). */
static int count_state(const char *st)
{
	static char buf[65536];
	ssize_t n = slurp_file("/proc/net/tcp", buf, sizeof buf - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	int count = 0;
	for (char *line = strchr(buf, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		char state[3] = {0};
		if (sscanf(line + 1, "%*s %*s %*s %2s", state) == 1 && strcmp(state, st) == 0)
			count++;
	}
	return count;
}

/* A connection to port made while every connection queued on l is
 * accepted and closed (see the top of the file): 0, or an errno. */
static int dial_draining(int l, int port)
{
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (connect(c, (struct sockaddr *)&a, sizeof a) == 0) {
		close(c);
		return 0;
	}
	if (errno != EINPROGRESS)
		return errno;
	int err = ETIMEDOUT;
	for (long end = now_us() + 20000000L; now_us() < end;) {
		int s;
		while ((s = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0)
			close(s);
		struct pollfd p = {c, POLLOUT, 0};
		if (poll(&p, 1, 50) == 1) {
			socklen_t len = sizeof err;
			if (getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
				err = errno;
			break;
		}
	}
	close(c);
	return err;
}

static void syn_timers(void)
{
	int l = inet_listener(0, 0, 0);
	int port = port_of(l);
	int first = inet_dial(port); /* fills the accept queue */
	say("first connection: %s\n", first >= 0 ? "ok" : errname(-first));
	int inprogress = 0, closed = 0;
	for (int i = 0; i < 120; i++) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		int ms = 1;
		setsockopt(c, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms);
		struct sockaddr_in a = sin_of("127.0.0.1", port);
		if (connect(c, (struct sockaddr *)&a, sizeof a) < 0 && errno == EINPROGRESS)
			inprogress++;
		if (close_elsewhere(c, (i % 8) * 500) == 0)
			closed++;
	}
	say("syn: %d connects in progress, %d closed by the other thread\n", inprogress, closed);
	say("syn: sockets left in SYN_SENT: %d\n", count_state("02"));
	int s = accept(l, NULL, NULL);
	say("accept the first: %s\n", s >= 0 ? "ok" : errname(errno));
	close(s);
	fcntl(l, F_SETFL, O_NONBLOCK);
	int err = dial_draining(l, port);
	say("a new connection: %s\n", err == 0 ? "ok" : errname(err));
	close(first);
	close(l);
}

static void cork_timers(void)
{
	int l = inet_listener(0, 4, 0);
	int port = port_of(l);
	int good = 0;
	for (int i = 0; i < 5; i++) {
		int c = inet_dial(port);
		int s = accept(l, NULL, NULL);
		int on = 1;
		setsockopt(c, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
		ssize_t w = write(c, "hello", 5);
		int r = close_elsewhere(c, 190000 + (i % 5) * 5000);
		char buf[16];
		ssize_t got = 0, n;
		while ((n = read(s, buf + got, sizeof buf - (size_t)got)) > 0)
			got += n;
		if (w == 5 && r == 0 && got == 5 && n == 0 && memcmp(buf, "hello", 5) == 0)
			good++;
		else
			say("cork %d: write %zd close %d read %zd then %zd\n", i, w, r, got, n);
		close(s);
	}
	say("cork: %d of 5 closes around the ceiling delivered the data and end of file\n", good);
	close(l);
}

int main(void)
{
	if (lo_up() < 0) {
		say("lo up: %s\n", errname(errno));
		return 1;
	}
	pthread_t t;
	if (pipe(to_closer) < 0 || pipe(from_closer) < 0 || pthread_create(&t, NULL, closer, NULL) != 0) {
		say("setup failed\n");
		return 1;
	}
	syn_timers();
	cork_timers();
	struct job stop = {-1, 0};
	if (write(to_closer[1], &stop, sizeof stop) != sizeof stop)
		return 1;
	pthread_join(t, NULL);
	done();
	return 0;
}
