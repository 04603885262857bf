/*
 * tcp_loopback.c — TCP over the loopback device between two processes
 * ("lo" is brought up first): a 1-byte ping-pong with TCP_NODELAY (per
 * round trip), connect + accept + close (per connection, the client in the
 * parent, an accepting child), and the bandwidth of 64 KiB writes from the
 * child read by the parent in 64 KiB reads (MB/s).
 *
 * Output: "RESULT tcp_pingpong_ns <ns>", "RESULT tcp_connect_accept_us <us>",
 * "RESULT tcp_stream_64k_mbps <MB/s>" (or NA), "done".
 */
#include "bench.h"
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000
#define CONNECTIONS 500
#define BULK (64 * 1024 * 1024)
#define CHUNK (64 * 1024)

static char buf[CHUNK];

static void all_na(const char *why)
{
	not_available("tcp_pingpong_ns", "%s: %s", why, errno_name(errno));
	not_available("tcp_connect_accept_us", "%s: %s", why, errno_name(errno));
	not_available("tcp_stream_64k_mbps", "%s: %s", why, errno_name(errno));
	bench_done();
}

/* The child: accepts the ping-pong connection, echoes, accepts and closes CONNECTIONS more, then sends BULK. */
static void child_loop(int l)
{
	int s = accept(l, NULL, NULL), one = 1;
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	char c;
	for (int i = 0; i < ROUNDS + 1; i++)
		if (read(s, &c, 1) != 1 || write(s, &c, 1) != 1)
			_exit(1);
	for (int i = 0; i < CONNECTIONS; i++) {
		int a = accept(l, NULL, NULL);
		if (a < 0)
			_exit(1);
		close(a);
	}
	for (long sent = 0; sent < BULK;) {
		long n = write(s, buf, CHUNK);
		if (n <= 0)
			_exit(1);
		sent += n;
	}
	_exit(0);
}

int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(l, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(l, SIOCSIFFLAGS, &ifr);
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof addr;
	if (l < 0 || bind(l, (struct sockaddr *)&addr, sizeof addr) || listen(l, 64) ||
	    getsockname(l, (struct sockaddr *)&addr, &alen)) {
		all_na("socket/bind/listen");
		return 0;
	}
	pid_t child = fork();
	if (child == 0)
		child_loop(l);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&addr, sizeof addr)) {
		all_na("connect");
		return 0;
	}
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	char ch = 'x';
	double start = 0;
	int ok = 1;
	for (int i = 0; i < ROUNDS + 1 && ok; i++) { /* one warm-up round, then the timed ones */
		if (i == 1)
			start = now_ns();
		ok = write(c, &ch, 1) == 1 && read(c, &ch, 1) == 1;
	}
	double end = now_ns();
	if (ok)
		result("tcp_pingpong_ns", (end - start) / ROUNDS);
	else
		not_available("tcp_pingpong_ns", "read/write: %s", errno_name(errno));
	start = now_ns();
	for (int i = 0; i < CONNECTIONS && ok; i++) {
		int k = socket(AF_INET, SOCK_STREAM, 0);
		ok = k >= 0 && connect(k, (struct sockaddr *)&addr, sizeof addr) == 0;
		close(k);
	}
	end = now_ns();
	if (ok)
		result("tcp_connect_accept_us", (end - start) / CONNECTIONS / 1e3);
	else
		not_available("tcp_connect_accept_us", "connect: %s", errno_name(errno));
	long got = 0, n = 0;
	start = now_ns();
	while (got < BULK && (n = read(c, buf, CHUNK)) > 0)
		got += n;
	end = now_ns();
	if (got == BULK)
		result("tcp_stream_64k_mbps", BULK / ((end - start) / 1e9) / 1e6);
	else
		not_available("tcp_stream_64k_mbps", "read: %s", errno_name(n < 0 ? errno : EPIPE));
	int status;
	waitpid(child, &status, 0);
	bench_done();
	return 0;
}
