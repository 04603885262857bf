/*
 * unix_gc_cycle.c — AF_UNIX sockets alive only through their own
 * descriptors in flight are collected (Linux's unix_gc runs when an AF_UNIX
 * socket is released): two sockets each holding the other's descriptor in
 * its queue, and a socket holding its own, disappear from /proc/net/unix
 * once another AF_UNIX socket is closed; a socket in flight in the queue of
 * a socket that is still open is kept and works once received; a pipe sent
 * in a collected cycle sees its reader go (EPIPE).
 */
#define _GNU_SOURCE
#include <signal.h>

#include "unix_test.h"

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int a[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, a);
	pipe(p);
	unsigned long cycle[2] = {ino_of(a[0]), ino_of(a[1])};
	show_ret("send a[0] through a[0] (to a[1]'s queue)", send_fd(a[0], a[0]), errno);
	show_ret("send a[1] through a[1] (to a[0]'s queue)", send_fd(a[1], a[1]), errno);
	show_ret("send the pipe's reader too", send_fd(a[0], p[0]), errno);
	close(p[0]);
	close(a[0]);
	close(a[1]);
	say("the pair is listed after both closes: %d\n", listed(cycle, 2));
	say("after another socket's close: %d\n", listed_after_a_close(cycle, 2));
	expect_err("the pipe's reader went with the cycle", write(p[1], "x", 1), errno, EPIPE);
	close(p[1]);

	int s[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	unsigned long self[1] = {ino_of(s[0])};
	show_ret("send s[0] into its own queue (through s[1])", send_fd(s[1], s[0]), errno);
	close(s[0]);
	say("a socket holding itself, listed: %d\n", listed(self, 1));
	close(s[1]);
	say("after its peer's close: %d\n", listed_after_a_close(self, 1));

	int q[2], r[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, q);
	socketpair(AF_UNIX, SOCK_STREAM, 0, r);
	unsigned long kept[1] = {ino_of(r[0])};
	show_ret("send r[0] to q[1]'s queue", send_fd(q[0], r[0]), errno);
	close(r[0]);
	say("in flight in an open socket's queue, after another close: %d\n", listed_after_a_close(kept, 1));
	int got = recv_fd(q[1]);
	say("received it: %d\n", got >= 0);
	show_ret("send through it", send(got, "alive", 5, 0), errno);
	char buf[8];
	long n = recv(r[1], buf, sizeof buf, 0);
	say("its peer reads: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	done();
	return 0;
}
