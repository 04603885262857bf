/*
 * fcntl_async_tcp.c — O_ASYNC and SIGURG on TCP sockets (Linux net/socket.c
 * sock_wake_async; net/core/sock.c sock_def_readable, sock_def_error_report;
 * net/core/stream.c sk_stream_write_space; net/ipv4/tcp_input.c
 * tcp_rcv_synsent_state_process, tcp_fin, tcp_reset, tcp_check_urg with
 * sk_send_sigurg; fs/fcntl.c send_sigurg, kill_fasync): F_SETSIG's signal
 * with POLL_IN for a connection queued on a listener, data and a half
 * close; POLL_OUT when a non-blocking connect completes and when a sender
 * that found no room has half its buffer free again; POLL_ERR for a reset;
 * and SIGURG to the F_SETOWN owner when urgent data comes, with or without
 * O_ASYNC (with it and F_SETSIG, POLL_PRI too). Signals are blocked and
 * collected by sigtimedwait; loopback delivery may end after the sending
 * call returns, so each expected signal is waited for (5 s), printed in a
 * fixed order, and then any more are counted with a zero timeout.
 */
#include "async_test.h"
#include "fs_test.h"
#include "inet_test.h"

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#define RTSIG (SIGRTMIN + 3)

struct got {
	int fd, code;
	long band;
};

static const char *name_of(int fd, const int *fds, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] == fd)
			return names[i];
	return "?";
}

static int by_code(const void *a, const void *b)
{
	const struct got *x = a, *y = b;
	return x->fd != y->fd ? x->fd - y->fd : x->code - y->code;
}

/* Waits for n RTSIGs, then takes any more already queued; prints them
 * sorted by descriptor and code. */
static void collect(const char *label, int n, const int *fds, const char *const *names, int nfds)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, RTSIG);
	struct got g[16];
	int k = 0;
	siginfo_t si;
	for (int i = 0; i < n; i++) {
		struct timespec wait = {5, 0};
		if (sigtimedwait(&set, &si, &wait) != RTSIG)
			break;
		g[k++] = (struct got){si.si_fd, si.si_code, (long)si.si_band};
	}
	struct timespec zero = {0, 0};
	while (k < 16 && sigtimedwait(&set, &si, &zero) == RTSIG)
		g[k++] = (struct got){si.si_fd, si.si_code, (long)si.si_band};
	qsort(g, (size_t)k, sizeof g[0], by_code);
	say("%s: %d signals\n", label, k);
	for (int i = 0; i < k; i++)
		say("  %s: si_code %d si_band 0x%lx\n", name_of(g[i].fd, fds, names, nfds), g[i].code, g[i].band);
}

static void async_on(const char *label, int fd)
{
	errno = 0;
	int r = fcntl(fd, F_SETOWN, getpid()) | fcntl(fd, F_SETSIG, RTSIG) |
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC | O_NONBLOCK);
	say("%s: O_ASYNC on: %s\n", label, r == 0 ? "ok" : errname(errno));
}

static void async_off(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~(O_ASYNC | O_NONBLOCK));
}

/* A plain signal sig pending within 5 s: its si_code, or -1. */
static int plain(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec wait = {5, 0};
	siginfo_t si;
	return sigtimedwait(&set, &si, &wait) == sig ? si.si_code : -1;
}

static int plain_now(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec zero = {0, 0};
	return sigtimedwait(&set, NULL, &zero) == sig;
}

/* Reads exactly n bytes from blocking s. */
static long read_all(int s, long n)
{
	static char buf[65536];
	long got = 0;
	while (got < n) {
		ssize_t r = read(s, buf, (size_t)(n - got) < sizeof buf ? (size_t)(n - got) : sizeof buf);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

int main(void)
{
	block_signals(RTSIG, SIGIO, SIGURG, 0);
	R("lo up", lo_up());

	int l = inet_listener(0, 4, 0);
	async_on("listener", l);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	async_on("client", c);
	struct sockaddr_in a = sin_of("127.0.0.1", port_of(l));
	int r = connect(c, (struct sockaddr *)&a, sizeof a);
	say("non-blocking connect: %s\n", r == 0 || errno == EINPROGRESS ? "0 or EINPROGRESS" : errname(errno));
	int fds[3] = {l, c, -1};
	const char *const names[3] = {"listener", "client", "server"};
	collect("after the connect", 2, fds, names, 3);

	int s = accept(l, NULL, NULL);
	say("accept: %d\n", s >= 0);
	fds[2] = s;
	collect("after the accept", 0, fds, names, 3);
	async_on("server", s);
	R("send 5 bytes", send(c, "hello", 5, 0));
	collect("after data", 1, fds, names, 3);
	char buf[16];
	R("recv", recv(s, buf, sizeof buf, 0));

	R("send 1 urgent byte", send(c, "!", 1, MSG_OOB));
	say("SIGURG si_code %d\n", plain(SIGURG));
	collect("after urgent data", 2, fds, names, 3);
	R("recv MSG_OOB", recv(s, buf, 1, MSG_OOB));

	/* a full send buffer: POLL_OUT once half of it is free again */
	async_off(s);
	int small = 4096;
	R("SO_SNDBUF 4096", setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
	static char big[65536];
	long sent = 0;
	for (;;) {
		ssize_t n = send(c, big, sizeof big, 0);
		if (n < 0) {
			say("send until full: %s\n", errname(errno));
			break;
		}
		sent += n;
	}
	/* sends that found too little room and ACKs that freed it raised POLL_OUT
	 * already, as many as Linux's buffer sizes make: not counted */
	sigset_t rt;
	sigemptyset(&rt);
	sigaddset(&rt, RTSIG);
	struct timespec zero = {0, 0};
	while (sigtimedwait(&rt, NULL, &zero) == RTSIG)
		;
	say("read everything: %d\n", read_all(s, sent) == sent);
	collect("after the reader emptied a full buffer", 1, fds, names, 3);

	async_on("server again", s);
	R("shutdown SHUT_WR by the client", shutdown(c, SHUT_WR));
	collect("after the client's FIN", 1, fds, names, 3);
	close(c);
	close(s);

	/* a reset */
	int c2 = inet_dial(port_of(l));
	int s2 = accept(l, NULL, NULL);
	collect("listener after a blocking connect", 1, fds, names, 3);
	fds[2] = s2;
	async_on("server 2", s2);
	struct linger lg = {1, 0};
	R("SO_LINGER 0", setsockopt(c2, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
	close(c2); /* RST */
	collect("after the client's RST", 1, fds, names, 3);
	close(s2);

	/* SIGURG with F_SETOWN alone: no O_ASYNC, no F_SETSIG */
	int c3 = inet_dial(port_of(l));
	int s3 = accept(l, NULL, NULL);
	collect("listener after a third connect", 1, fds, names, 3);
	R("F_SETOWN", fcntl(s3, F_SETOWN, getpid()));
	R("send 1 urgent byte", send(c3, "x", 1, MSG_OOB));
	say("SIGURG si_code %d\n", plain(SIGURG));
	R("recv MSG_OOB", recv(s3, buf, 1, MSG_OOB));
	R("F_SETOWN 0", fcntl(s3, F_SETOWN, 0));
	R("send 1 more urgent byte", send(c3, "y", 1, MSG_OOB));
	struct pollfd p = {.fd = s3, .events = POLLPRI};
	R("poll POLLPRI", poll(&p, 1, 5000)); /* the byte came: any SIGURG was sent before it */
	say("SIGURG without an owner: %s\n", plain_now(SIGURG) ? "yes" : "no");
	close(c3);
	close(s3);
	close(l);
	say("a plain SIGIO anywhere: %s\n", plain_now(SIGIO) ? "yes" : "no");
	done();
	return 0;
}
