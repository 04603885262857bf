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
#include "stream_bench.h"
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

static void all_na(const char *why)
{
	not_available("tcp_pingpong_ns", "%s: %s", why, errno_name(errno));
	not_available("tcp_connect_accept_us", "%s: %s", why, errno_name(errno));
	not_available("tcp_stream_64k_mbps", "%s: %s", why, errno_name(errno));
	bench_done();
}

/* The child: accepts the ping-pong connection, echoes, accepts and closes CONNECTIONS more, then sends. */
static void child_loop(int l)
{
	int s = accept(l, NULL, NULL), one = 1;
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	pingpong_serve(s, ROUNDS);
	for (int i = 0; i < CONNECTIONS; i++) {
		int a = accept(l, NULL, NULL);
		if (a < 0)
			_exit(1);
		close(a);
	}
	stream_serve(s);
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
	bool ok = pingpong_time(c, ROUNDS, "tcp_pingpong_ns");
	double start = now_ns();
	for (int i = 0; i < CONNECTIONS && ok; i++) {
		int k = socket(AF_INET, SOCK_STREAM, 0);
		ok = k >= 0 && connect(k, (struct sockaddr *)&addr, sizeof addr) == 0;
		close(k);
	}
	double end = now_ns();
	if (ok)
		result("tcp_connect_accept_us", (end - start) / CONNECTIONS / 1e3);
	else
		not_available("tcp_connect_accept_us", "connect: %s", errno_name(errno));
	stream_time(c, "tcp_stream_64k_mbps");
	int status;
	waitpid(child, &status, 0);
	bench_done();
	return 0;
}
