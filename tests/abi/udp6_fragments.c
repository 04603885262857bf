/*
 * udp6_fragments.c — UDP datagrams over IPv6 larger than lo's MTU less
 * the headers (65488 bytes): Linux sends them in fragments and puts them
 * back together (RFC 8200 4.5), so every size up to 65527 (the 16-bit
 * payload length less the UDP header) arrives whole, byte for byte, and
 * 65528 is EMSGSIZE; over IPv4 (DF set, no fragments) the limit stays
 * 65507. Two fragmented datagrams queued before either is read come out
 * in order. A socket bound to ::1 sending to a v4-mapped address finds no
 * route before it looks at IPv4's limit.
 */
#define _GNU_SOURCE
#include "inet_test.h"
#include <poll.h>

static unsigned char out[70000], in[70000];

/* Reads one datagram once it is there: Linux delivers loopback fragments
 * from softirq, which a loaded emulator may defer to ksoftirqd, so a read
 * right after the send may come too early (poll is the handshake). */
static long recv_waiting(int r)
{
	struct pollfd p = {.fd = r, .events = POLLIN};
	poll(&p, 1, 5000);
	return recv(r, in, sizeof in, MSG_DONTWAIT);
}

/* Sends n patterned bytes from s to a, reads them back on r. */
static void round_trip(const char *what, int s, int r, const struct sockaddr *a, socklen_t alen, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (unsigned char)(i * 7 + n);
	long w = sendto(s, out, n, 0, a, alen);
	if (w < 0) {
		say("%s %d: send %s\n", what, n, errname(errno));
		return;
	}
	long got = recv_waiting(r);
	say("%s %d: sent %ld, got %ld, same bytes %s\n", what, n, w, got,
	    got == n && memcmp(in, out, n) == 0 ? "yes" : "no");
}

int main(void)
{
	lo_up();
	int s = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	bind(s, (struct sockaddr *)&a, sizeof a);
	socklen_t alen = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &alen);
	int sizes[] = {1, 65000, 65487, 65488, 65489, 65496, 65520, 65527, 65528, 65535};
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		round_trip("ipv6", s, s, (struct sockaddr *)&a, alen, sizes[i]);

	/* two whole datagrams queued, then read */
	memset(out, 'a', 65527);
	sendto(s, out, 65527, 0, (struct sockaddr *)&a, alen);
	memset(out, 'b', 65500);
	sendto(s, out, 65500, 0, (struct sockaddr *)&a, alen);
	long first = recv_waiting(s);
	say("first: %ld bytes of '%c'\n", first, first > 0 ? in[first - 1] : '?');
	long second = recv_waiting(s);
	say("second: %ld bytes of '%c'\n", second, second > 0 ? in[second - 1] : '?');
	expect_err("nothing more", recv(s, in, sizeof in, MSG_DONTWAIT), errno, EAGAIN);

	/* IPv4's limit is the same as ever */
	int s4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in b = sin_of("127.0.0.1", 0);
	bind(s4, (struct sockaddr *)&b, sizeof b);
	socklen_t blen = sizeof b;
	getsockname(s4, (struct sockaddr *)&b, &blen);
	round_trip("ipv4", s4, s4, (struct sockaddr *)&b, blen, 65507);
	round_trip("ipv4", s4, s4, (struct sockaddr *)&b, blen, 65508);

	/* from ::1 to a v4-mapped address: no route (ENETUNREACH) is found
	 * before IPv4's size limit, and only a length past 65535 comes first */
	struct sockaddr_in6 m = {.sin6_family = AF_INET6, .sin6_port = b.sin_port};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
	int v4sizes[] = {10, 65507, 65508, 65535, 65536};
	for (unsigned i = 0; i < sizeof v4sizes / sizeof v4sizes[0]; i++)
		round_trip("::1 to ::ffff:127.0.0.1", s, s4, (struct sockaddr *)&m, sizeof m, v4sizes[i]);
	close(s);
	close(s4);
	done();
	return 0;
}
