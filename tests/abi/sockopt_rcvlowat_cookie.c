/* sockopt_rcvlowat_cookie: socket-level options Linux 6.1 has for every
 * socket (sk_setsockopt, sk_getsockopt; socket(7)).
 *  - SO_RCVLOWAT: 1 by default, 0 means 1, a negative value no limit; TCP
 *    caps it at half of tcp_rmem[2] (or of a buffer the user set) and grows
 *    an unset receive buffer to twice it. A TCP or AF_UNIX stream read
 *    returns once it has that many bytes (MSG_DONTWAIT: what there is);
 *    TCP's poll reports POLLIN from it, AF_UNIX's from one byte, and a TCP
 *    reader is woken only when that many are queued; a UDP read ignores it.
 *  - SO_SNDLOWAT: reads 1, cannot be set (ENOPROTOOPT).
 *  - SO_DEBUG (CAP_NET_ADMIN to turn on: EACCES), SO_BSDCOMPAT (ignored),
 *    SO_PASSSEC, SO_BUF_LOCK (bits 1 and 2, set by SO_SNDBUF/SO_RCVBUF).
 *  - SO_PEERNAME: ENOTCONN without a peer; the caller's length may not be
 *    more than the address's (EINVAL).
 *  - SO_COOKIE: 8 bytes (a shorter buffer is EINVAL), non-zero, the same at
 *    every request, different for another socket.
 * Prints only facts. */
#include "inet_test.h"
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#ifndef SO_BUF_LOCK
#define SO_BUF_LOCK 72
#endif
#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif
#ifndef SO_PASSSEC
#define SO_PASSSEC 34
#endif

static void get_int(int s, const char *what, int name)
{
	int v = -7;
	socklen_t len = sizeof v;
	long r = getsockopt(s, SOL_SOCKET, name, &v, &len);
	if (r)
		show_ret(what, r, errno);
	else
		say("%s: %d (len %u)\n", what, v, (unsigned)len);
}

static void set_int(int s, const char *what, int name, int v)
{
	show_ret(what, setsockopt(s, SOL_SOCKET, name, &v, sizeof v), errno);
}

static void defaults(int s, const char *kind)
{
	char what[64];
	static const struct {
		int name;
		const char *label;
	} opts[] = {{SO_RCVLOWAT, "SO_RCVLOWAT"},   {SO_SNDLOWAT, "SO_SNDLOWAT"}, {SO_DEBUG, "SO_DEBUG"},
		    {SO_BSDCOMPAT, "SO_BSDCOMPAT"}, {SO_PASSSEC, "SO_PASSSEC"},	  {SO_BUF_LOCK, "SO_BUF_LOCK"}};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		snprintf(what, sizeof what, "%s %s", kind, opts[i].label);
		get_int(s, what, opts[i].name);
	}
	snprintf(what, sizeof what, "%s set SO_SNDLOWAT", kind);
	set_int(s, what, SO_SNDLOWAT, 4);
	snprintf(what, sizeof what, "%s set SO_BSDCOMPAT", kind);
	set_int(s, what, SO_BSDCOMPAT, 1);
	snprintf(what, sizeof what, "%s set SO_RCVLOWAT 0", kind);
	set_int(s, what, SO_RCVLOWAT, 0);
	snprintf(what, sizeof what, "%s SO_RCVLOWAT after 0", kind);
	get_int(s, what, SO_RCVLOWAT);
	snprintf(what, sizeof what, "%s set SO_RCVLOWAT -1", kind);
	set_int(s, what, SO_RCVLOWAT, -1);
	snprintf(what, sizeof what, "%s SO_RCVLOWAT after -1", kind);
	get_int(s, what, SO_RCVLOWAT);
}

/* A connected TCP pair over 127.0.0.1: *client, *server (-1 on failure). */
static void tcp_pair(int *client, int *server)
{
	*client = *server = -1;
	int l = inet_listener(0, 1, 0);
	if (l < 0)
		return;
	*client = inet_dial(port_of(l));
	if (*client < 0)
		say("connect: %s\n", errname(-*client));
	else
		*server = accept(l, NULL, NULL);
	close(l);
}

/* With SO_RCVLOWAT 10 on reader and 5 bytes queued: poll, FIONREAD, a
 * MSG_DONTWAIT read; then 5 bytes more and a blocking read in a child, with
 * `more` bytes written once it sleeps. AF_UNIX wakes it at any new data (5
 * more complete the 10); TCP only once SO_RCVLOWAT bytes are queued beyond
 * what it holds (tcp_data_ready), so it gets 10 more. */
static void lowat_read(const char *kind, int writer, int reader, const char *more)
{
	char buf[64];
	int v = 10;
	setsockopt(reader, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v);
	if (write(writer, "hello", 5) != 5)
		say("%s: write failed\n", kind);
	int avail = -1;
	for (int i = 0; i < 1000000 && avail < 5; i++) /* loopback delivery */
		ioctl(reader, FIONREAD, &avail);
	struct pollfd p = {.fd = reader, .events = POLLIN};
	int n = poll(&p, 1, 0);
	say("%s: 5 of 10 queued: poll %d revents %#x, FIONREAD %d\n", kind, n, p.revents, avail);
	ssize_t got = recv(reader, buf, sizeof buf, MSG_DONTWAIT);
	say("%s: MSG_DONTWAIT read %zd\n", kind, got);
	if (write(writer, "world", 5) != 5)
		say("%s: write failed\n", kind);
	pid_t pid = fork();
	if (pid == 0) {
		got = recv(reader, buf, sizeof buf, 0);
		say("%s: blocking read returned %zd\n", kind, got);
		_exit(0);
	}
	wait_until_sleeping(pid);
	if (write(writer, more, strlen(more)) != (ssize_t)strlen(more))
		say("%s: write failed\n", kind);
	waitpid(pid, NULL, 0);
	v = 1;
	setsockopt(reader, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v);
}

static void tcp_buffers(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	get_int(s, "tcp SO_RCVBUF before", SO_RCVBUF);
	set_int(s, "tcp set SO_RCVLOWAT 1000000", SO_RCVLOWAT, 1000000);
	get_int(s, "tcp SO_RCVLOWAT", SO_RCVLOWAT);
	get_int(s, "tcp SO_RCVBUF after", SO_RCVBUF);
	set_int(s, "tcp set SO_RCVBUF 8192", SO_RCVBUF, 8192);
	get_int(s, "tcp SO_BUF_LOCK after SO_RCVBUF", SO_BUF_LOCK);
	set_int(s, "tcp set SO_RCVLOWAT 100000 (buffer locked)", SO_RCVLOWAT, 100000);
	get_int(s, "tcp SO_RCVLOWAT", SO_RCVLOWAT);
	get_int(s, "tcp SO_RCVBUF", SO_RCVBUF);
	set_int(s, "set SO_BUF_LOCK 4", SO_BUF_LOCK, 4);
	set_int(s, "set SO_BUF_LOCK 1", SO_BUF_LOCK, 1);
	get_int(s, "SO_BUF_LOCK", SO_BUF_LOCK);
	set_int(s, "set SO_SNDBUF 8192", SO_SNDBUF, 8192);
	get_int(s, "SO_BUF_LOCK after SO_SNDBUF", SO_BUF_LOCK);
	set_int(s, "set SO_BUF_LOCK 0", SO_BUF_LOCK, 0);
	get_int(s, "SO_BUF_LOCK", SO_BUF_LOCK);
	close(s);
}

static void debug_needs_cap(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	set_int(s, "root set SO_DEBUG 1", SO_DEBUG, 1);
	get_int(s, "SO_DEBUG", SO_DEBUG);
	set_int(s, "set SO_PASSSEC 1", SO_PASSSEC, 1);
	get_int(s, "SO_PASSSEC", SO_PASSSEC);
	pid_t pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			say("setresuid: %s\n", errname(errno));
		set_int(s, "nobody set SO_DEBUG 1", SO_DEBUG, 1);
		set_int(s, "nobody set SO_DEBUG 0", SO_DEBUG, 0);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(s);
}

static void peername(void)
{
	union {
		struct sockaddr_in in;
		char bytes[128];
	} a;
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	show_ret("SO_PEERNAME unconnected", getsockopt(s, SOL_SOCKET, SO_PEERNAME, &a, &len), errno);
	close(s);
	int c, srv;
	tcp_pair(&c, &srv);
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	getpeername(c, (void *)&peer, &plen);
	len = sizeof a;
	show_ret("SO_PEERNAME len 128", getsockopt(c, SOL_SOCKET, SO_PEERNAME, &a, &len), errno);
	memset(&a, 0, sizeof a);
	len = sizeof(struct sockaddr_in);
	long r = getsockopt(c, SOL_SOCKET, SO_PEERNAME, &a, &len);
	show_ret("SO_PEERNAME len 16", r, errno);
	say("  len %u, family %d, same as getpeername: %s\n", (unsigned)len, a.in.sin_family,
	    memcmp(&a.in, &peer, sizeof peer) == 0 ? "yes" : "no");
	len = 4;
	memset(&a, 0, sizeof a);
	r = getsockopt(c, SOL_SOCKET, SO_PEERNAME, &a, &len);
	show_ret("SO_PEERNAME len 4", r, errno);
	say("  len %u, family %d\n", (unsigned)len, a.in.sin_family);
	close(c);
	close(srv);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	len = sizeof a;
	show_ret("unix pair SO_PEERNAME len 128", getsockopt(sv[0], SOL_SOCKET, SO_PEERNAME, &a, &len), errno);
	len = 2;
	show_ret("unix pair SO_PEERNAME len 2", getsockopt(sv[0], SOL_SOCKET, SO_PEERNAME, &a, &len), errno);
	say("  len %u\n", (unsigned)len);
	close(sv[0]);
	close(sv[1]);
}

static void cookie(void)
{
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_UNIX, SOCK_STREAM, 0);
	uint64_t c1 = 0, c2 = 0, c3 = 0;
	socklen_t len = 4;
	show_ret("SO_COOKIE len 4", getsockopt(a, SOL_SOCKET, SO_COOKIE, &c1, &len), errno);
	len = 16;
	show_ret("SO_COOKIE len 16", getsockopt(a, SOL_SOCKET, SO_COOKIE, &c1, &len), errno);
	say("  len %u, non-zero: %s\n", (unsigned)len, c1 ? "yes" : "no");
	len = 8;
	getsockopt(a, SOL_SOCKET, SO_COOKIE, &c2, &len);
	getsockopt(b, SOL_SOCKET, SO_COOKIE, &c3, &len);
	say("SO_COOKIE again the same: %s, another socket's differs: %s\n", c1 == c2 ? "yes" : "no",
	    c3 && c3 != c1 ? "yes" : "no");
	close(a);
	close(b);
}

int main(void)
{
	lo_up();
	int tcp = socket(AF_INET, SOCK_STREAM, 0), udp = socket(AF_INET, SOCK_DGRAM, 0);
	int unx = socket(AF_UNIX, SOCK_STREAM, 0);
	defaults(tcp, "tcp");
	defaults(udp, "udp");
	defaults(unx, "unix");
	close(tcp);
	close(udp);
	close(unx);
	tcp_buffers();

	int c, s;
	tcp_pair(&c, &s);
	lowat_read("tcp", c, s, "1234567890");
	close(c);
	close(s);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	lowat_read("unix stream", sv[0], sv[1], "12345");
	close(sv[0]);
	close(sv[1]);

	/* UDP keeps the value and reads a datagram as it is */
	int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	bind(u2, (void *)&a, sizeof a);
	getsockname(u2, (void *)&a, &alen);
	int v = 10;
	setsockopt(u2, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof v);
	sendto(u1, "abc", 3, 0, (void *)&a, sizeof a);
	char buf[16];
	say("udp with SO_RCVLOWAT 10: read %zd\n", recv(u2, buf, sizeof buf, 0));
	close(u1);
	close(u2);

	debug_needs_cap();
	peername();
	cookie();
	done();
	return 0;
}
