/*
 * tcp_fork_transfer.c — TCP between processes (tcp(7), epoll(7)): 8 MiB
 * from a forked client and 3 MiB back, every byte checked (flow control:
 * far more than either buffer holds); MSG_WAITALL across writes; a forking
 * echo server with 20 concurrent clients; epoll on a listener and on a
 * connection (EPOLLIN, EPOLLOUT, EPOLLRDHUP, edge-triggered); TIME_WAIT
 * keeping a port from bind unless SO_REUSEADDR; a backlog of 1 with three
 * clients that all get through once accept makes room.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include "inet_test.h"

static unsigned char pattern(size_t i, unsigned seed)
{
	return (unsigned char)((i * 131 + seed + (i >> 12)) & 0xff);
}

/* Writes len pattern bytes in uneven pieces; 0 or -1. */
static int send_pattern(int fd, size_t len, unsigned seed)
{
	static unsigned char buf[100003];
	size_t off = 0, piece = 1;
	while (off < len) {
		size_t n = piece < len - off ? piece : len - off;
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(off + i, seed);
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			return -1;
		off += (size_t)w;
		piece = piece * 7 % sizeof buf + 1;
	}
	return 0;
}

/* Reads to end of file checking the pattern: the count, or -1 at the first wrong byte. */
static long recv_pattern(int fd, unsigned seed)
{
	static unsigned char buf[65536 + 17];
	size_t off = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0)
			return -1;
		if (n == 0)
			return (long)off;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != pattern(off + (size_t)i, seed))
				return -1;
		off += (size_t)n;
	}
}

static int exit_code(pid_t pid)
{
	int st = 0;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void big_transfer(void)
{
	int l = inet_listener(0, 5, 0), port = port_of(l);
	pid_t pid = fork();
	if (pid == 0) {
		int c = inet_dial(port);
		if (c < 0 || send_pattern(c, 8u << 20, 1) < 0)
			_exit(1);
		shutdown(c, SHUT_WR);
		_exit(recv_pattern(c, 2) == 3l << 20 ? 0 : 2);
	}
	int s = accept(l, NULL, NULL);
	long got = recv_pattern(s, 1);
	say("8 MiB from the child, checked: %ld\n", got);
	show_ret("3 MiB back", send_pattern(s, 3u << 20, 2), errno);
	close(s);
	say("the child checked them: exit %d\n", exit_code(pid));
	close(l);
}

static void waitall(void)
{
	int l = inet_listener(0, 5, 0), port = port_of(l);
	int pipefd[2];
	pipe(pipefd);
	pid_t pid = fork();
	if (pid == 0) {
		int c = inet_dial(port);
		char go;
		write(c, "first", 5);
		read(pipefd[0], &go, 1); /* the parent is in (or about to be in) its MSG_WAITALL read */
		write(c, "-second", 7);
		_exit(0);
	}
	int s = accept(l, NULL, NULL);
	char buf[64];
	write(pipefd[1], "g", 1);
	long n = recv(s, buf, 12, MSG_WAITALL);
	say("MSG_WAITALL across two writes: %ld '%.*s'\n", n, (int)n, buf);
	n = recv(s, buf, sizeof buf, MSG_WAITALL);
	say("MSG_WAITALL at end of file: %ld\n", n);
	exit_code(pid);
	close(s);
	close(l);
}

static void forking_server(void)
{
	enum { CLIENTS = 20 };
	int l = inet_listener(0, 32, 0), port = port_of(l);
	pid_t server = fork();
	if (server == 0) { /* accepts CLIENTS connections, a child echoes each */
		for (int i = 0; i < CLIENTS; i++) {
			int s = accept(l, NULL, NULL);
			if (s < 0)
				_exit(1);
			if (fork() == 0) {
				char buf[256];
				ssize_t n;
				while ((n = read(s, buf, sizeof buf)) > 0)
					write(s, buf, (size_t)n);
				_exit(0);
			}
			close(s);
		}
		while (wait(NULL) > 0)
			;
		_exit(0);
	}
	close(l);
	pid_t clients[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = fork();
		if (clients[i] == 0) {
			int c = inet_dial(port);
			if (c < 0)
				_exit(1);
			char msg[64], back[64];
			int len = snprintf(msg, sizeof msg, "client %d says hello", i);
			for (int round = 0; round < 5; round++) {
				write(c, msg, (size_t)len);
				if (recv(c, back, (size_t)len, MSG_WAITALL) != len || memcmp(msg, back, (size_t)len))
					_exit(2);
			}
			shutdown(c, SHUT_WR);
			_exit(read(c, back, sizeof back) == 0 ? 0 : 3);
		}
	}
	int ok = 0;
	for (int i = 0; i < CLIENTS; i++)
		ok += exit_code(clients[i]) == 0;
	say("clients echoed by the forking server: %d of %d\n", ok, CLIENTS);
	say("the server exits: %d\n", exit_code(server));
}

static void with_epoll(void)
{
	int l = inet_listener(0, 5, 0), port = port_of(l);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1}, out[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	say("epoll: an idle listener: %d\n", epoll_wait(ep, out, 4, 0));
	int c = inet_dial(port);
	int n = epoll_wait(ep, out, 4, 5000);
	say("epoll: the listener after a connect: %d, events %#x, tag %u\n", n, n > 0 ? out[0].events : 0,
	    n > 0 ? out[0].data.u32 : 0);
	int s = accept(l, NULL, NULL);
	ev = (struct epoll_event){.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u32 = 2};
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	ev = (struct epoll_event){.events = EPOLLOUT, .data.u32 = 3};
	epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
	n = epoll_wait(ep, out, 4, 0);
	say("epoll: the client is writable: %d, events %#x, tag %u\n", n, n > 0 ? out[0].events : 0,
	    n > 0 ? out[0].data.u32 : 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, c, NULL);
	write(c, "0123456789", 10);
	n = epoll_wait(ep, out, 4, 5000);
	say("epoll ET: data: %d, events %#x\n", n, n > 0 ? out[0].events : 0);
	char buf[16];
	read(s, buf, 4);
	say("epoll ET: after a partial read, no new edge: %d\n", epoll_wait(ep, out, 4, 0));
	write(c, "x", 1);
	n = epoll_wait(ep, out, 4, 5000);
	say("epoll ET: more data is a new edge: %d\n", n);
	shutdown(c, SHUT_WR);
	n = epoll_wait(ep, out, 4, 5000);
	say("epoll ET: the peer's FIN: %d, events %#x\n", n, n > 0 ? out[0].events : 0);
	close(c);
	close(s);
	close(ep);
	close(l);
}

static void time_wait(void)
{
	int l = inet_listener(0, 5, 1), port = port_of(l); /* a server that sets SO_REUSEADDR, as servers do */
	int c = inet_dial(port), s = accept(l, NULL, NULL);
	close(l);
	close(s); /* the server closes first: its end goes to TIME_WAIT */
	char b;
	say("the client reads end of file: %ld\n", (long)read(c, &b, 1));
	close(c);
	int again = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	expect_err("bind the port in TIME_WAIT", bind(again, (struct sockaddr *)&a, sizeof a), errno, EADDRINUSE);
	close(again);
	int l2 = inet_listener(port, 5, 1);
	say("with SO_REUSEADDR: %d\n", l2 >= 0);
	close(l2);
}

static void small_backlog(void)
{
	int l = inet_listener(0, 1, 0), port = port_of(l);
	pid_t pids[3];
	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int c = inet_dial(port);
			if (c < 0)
				_exit(1);
			char b;
			write(c, "k", 1);
			_exit(read(c, &b, 1) == 1 && b == 'k' ? 0 : 2);
		}
	}
	for (int i = 0; i < 3; i++) {
		int s = accept(l, NULL, NULL);
		char b = 0;
		read(s, &b, 1);
		write(s, &b, 1);
		close(s);
	}
	int ok = 0;
	for (int i = 0; i < 3; i++)
		ok += exit_code(pids[i]) == 0;
	say("three clients through a backlog of 1: %d\n", ok);
	close(l);
}

int main(void)
{
	lo_up();
	big_transfer();
	waitall();
	forking_server();
	with_epoll();
	time_wait();
	small_backlog();
	done();
	return 0;
}
