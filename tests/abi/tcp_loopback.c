/*
 * tcp_loopback.c — TCP over the loopback device (tcp(7), ip(7)), one
 * process: a fresh socket's answers (poll, recv, send, getpeername,
 * TCP_MAXSEG), options (TCP_NODELAY, TCP_CORK, SO_KEEPALIVE, TCP_KEEPIDLE,
 * TCP_INFO's state), bind/listen/connect/accept with their addresses,
 * MSG_PEEK, FIONREAD, half close (SHUT_WR gives end of file, the other way
 * still works) with poll masks, ECONNREFUSED for a closed port, EADDRINUSE
 * (also with SO_REUSEADDR on a listening port), EINVAL, EISCONN, ENOTCONN,
 * EAFNOSUPPORT, ENETUNREACH, EPROTONOSUPPORT, the RST of a close with
 * unread data (ECONNRESET once, then end of file), EPIPE and SIGPIPE after
 * the peer is gone, a nonblocking connect (EINPROGRESS, writable, SO_ERROR,
 * the second connect) and a refused one.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "lvtest.h"

static struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int port_of(int fd, int peer)
{
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&a, &len) < 0)
		return -errno;
	return ntohs(a.sin_port);
}

static int revents(int fd, short events, int timeout)
{
	struct pollfd p = {.fd = fd, .events = events};
	int n = poll(&p, 1, timeout);
	return n < 0 ? -errno : p.revents;
}

static int intopt(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof v;
	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -errno;
	return v;
}

static void lo_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	show_ret("lo up", ioctl(s, SIOCSIFFLAGS, &ifr), errno);
	close(s);
}

/* A connected pair through the listener l: *c the client, *s the server's end. */
static void pair(int l, int *c, int *s)
{
	struct sockaddr_in to = sin_of("127.0.0.1", port_of(l, 0));
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(*c, (struct sockaddr *)&to, sizeof to) < 0)
		say("pair: connect: %s\n", errname(errno));
	*s = accept(l, NULL, NULL);
}

/* expect_err for the errnos lvtest.h does not name (EINPROGRESS). */
static void expect_errno(const char *label, long ret, int err, int want)
{
	if (ret == -1 && err == want)
		say("%s: ok (errno %d)\n", label, want);
	else
		say("%s: FAIL: ret=%ld errno=%d want %d\n", label, ret, ret == -1 ? err : 0, want);
}

static volatile int sigpipes;
static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

int main(void)
{
	lo_up();
	int l = socket(AF_INET, SOCK_STREAM, 0);
	say("SO_TYPE %d SO_PROTOCOL %d SO_DOMAIN %d\n", intopt(l, SOL_SOCKET, SO_TYPE),
	    intopt(l, SOL_SOCKET, SO_PROTOCOL), intopt(l, SOL_SOCKET, SO_DOMAIN));
	say("poll a fresh socket: %#x\n", revents(l, POLLIN | POLLOUT | POLLRDHUP, 0));
	char buf[256];
	expect_err("recv on a fresh socket", recv(l, buf, 1, 0), errno, ENOTCONN);
	expect_err("send on a fresh socket", send(l, "x", 1, MSG_NOSIGNAL), errno, EPIPE);
	say("getpeername on a fresh socket: %d\n", port_of(l, 1) == -ENOTCONN);
	say("TCP_MAXSEG before a connection: %d\n", intopt(l, IPPROTO_TCP, TCP_MAXSEG));
	int one = 1, zero = 0;
	show_ret("TCP_NODELAY 1", setsockopt(l, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one), errno);
	say("TCP_NODELAY: %d\n", intopt(l, IPPROTO_TCP, TCP_NODELAY));
	show_ret("TCP_CORK 1", setsockopt(l, IPPROTO_TCP, TCP_CORK, &one, sizeof one), errno);
	say("TCP_CORK: %d\n", intopt(l, IPPROTO_TCP, TCP_CORK));
	setsockopt(l, IPPROTO_TCP, TCP_CORK, &zero, sizeof zero);
	show_ret("SO_KEEPALIVE 1", setsockopt(l, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one), errno);
	say("SO_KEEPALIVE: %d\n", intopt(l, SOL_SOCKET, SO_KEEPALIVE));
	say("TCP_KEEPIDLE default: %d\n", intopt(l, IPPROTO_TCP, TCP_KEEPIDLE));
	int idle = 30;
	show_ret("TCP_KEEPIDLE 30", setsockopt(l, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle), errno);
	say("TCP_KEEPIDLE: %d\n", intopt(l, IPPROTO_TCP, TCP_KEEPIDLE));
	expect_err("TCP_KEEPIDLE 0", setsockopt(l, IPPROTO_TCP, TCP_KEEPIDLE, &zero, sizeof zero), errno, EINVAL);
	expect_err("TCP_NODELAY with 2 bytes", setsockopt(l, IPPROTO_TCP, TCP_NODELAY, &one, 2), errno, EINVAL);
	expect_err("TCP option 9999", setsockopt(l, IPPROTO_TCP, 9999, &one, sizeof one), errno, ENOPROTOOPT);
	struct tcp_info ti;
	socklen_t tilen = sizeof ti;
	show_ret("TCP_INFO", getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &tilen), errno);
	say("TCP_INFO state of a fresh socket: %d\n", ti.tcpi_state);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);

	struct sockaddr_in any0 = sin_of("127.0.0.1", 0);
	show_ret("bind 127.0.0.1:0", bind(l, (struct sockaddr *)&any0, sizeof any0), errno);
	int lp = port_of(l, 0);
	say("an ephemeral port: %d\n", lp >= 32768 && lp <= 60999);
	expect_err("bind again", bind(l, (struct sockaddr *)&any0, sizeof any0), errno, EINVAL);
	expect_err("accept before listen", accept(l, NULL, NULL), errno, EINVAL);
	show_ret("listen 5", listen(l, 5), errno);
	say("SO_ACCEPTCONN: %d\n", intopt(l, SOL_SOCKET, SO_ACCEPTCONN));
	say("poll a listener with nothing pending: %#x\n", revents(l, POLLIN | POLLOUT, 0));
	expect_err("recv on a listener", recv(l, buf, 1, 0), errno, ENOTCONN);
	say("getpeername of a listener: %d\n", port_of(l, 1) == -ENOTCONN);

	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in to = sin_of("127.0.0.1", lp);
	show_ret("connect", connect(c, (struct sockaddr *)&to, sizeof to), errno);
	int cp = port_of(c, 0);
	say("client port is ephemeral and not the listener's: %d\n", cp >= 32768 && cp <= 60999 && cp != lp);
	say("client's peer is the listener's port: %d\n", port_of(c, 1) == lp);
	expect_err("connect again", connect(c, (struct sockaddr *)&to, sizeof to), errno, EISCONN);
	expect_err("listen on a connected socket", listen(c, 1), errno, EINVAL);
	/* waits: with two CPUs Linux may queue the connection after connect returned */
	say("poll a listener with a pending connection: %#x\n", revents(l, POLLIN | POLLOUT, 10000));
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	int s = accept(l, (struct sockaddr *)&peer, &plen);
	say("accept: %d, peer length %u, family %d, the client's port %d, address %s\n", s >= 0, plen, peer.sin_family,
	    ntohs(peer.sin_port) == cp, inet_ntoa(peer.sin_addr));
	say("the accepted socket's name is the listener's port: %d, its peer the client: %d\n", port_of(s, 0) == lp,
	    port_of(s, 1) == cp);
	say("TCP_NODELAY inherited: %d\n", intopt(s, IPPROTO_TCP, TCP_NODELAY));
	tilen = sizeof ti;
	getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &tilen);
	say("TCP_INFO state: %d\n", ti.tcpi_state);
	say("poll an idle connection: %#x\n", revents(s, POLLIN | POLLOUT | POLLRDHUP, 0));

	show_ret("send hello", send(c, "hello", 5, 0), errno);
	int avail = -1;
	ioctl(s, FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	say("poll with data: %#x\n", revents(s, POLLIN | POLLOUT | POLLRDHUP, 0));
	long n = recv(s, buf, 3, MSG_PEEK);
	say("peek 3: %ld '%.*s'\n", n, (int)n, buf);
	n = recv(s, buf, sizeof buf, 0);
	say("recv: %ld '%.*s'\n", n, (int)n, buf);
	expect_err("recv with nothing queued, MSG_DONTWAIT", recv(s, buf, 1, MSG_DONTWAIT), errno, EAGAIN);
	send(c, "ab", 2, 0);
	send(c, "cd", 2, 0);
	n = recv(s, buf, sizeof buf, MSG_PEEK);
	say("peek over two sends: %ld '%.*s'\n", n, (int)n, buf);
	n = recv(s, buf, sizeof buf, MSG_WAITALL | MSG_DONTWAIT);
	say("recv them: %ld '%.*s'\n", n, (int)n, buf);

	show_ret("shutdown SHUT_WR", shutdown(c, SHUT_WR), errno);
	n = recv(s, buf, sizeof buf, 0);
	say("the server reads end of file: %ld\n", n);
	say("poll after the peer's FIN: %#x\n", revents(s, POLLIN | POLLOUT | POLLRDHUP, 0));
	expect_err("send after SHUT_WR", send(c, "x", 1, MSG_NOSIGNAL), errno, EPIPE);
	show_ret("the server still sends", send(s, "back", 4, 0), errno);
	n = recv(c, buf, sizeof buf, 0);
	say("the client reads: %ld '%.*s'\n", n, (int)n, buf);
	close(s);
	n = recv(c, buf, sizeof buf, 0);
	say("then end of file: %ld\n", n);
	say("poll when both sides are done: %#x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
	say("getpeername when closed: %d\n", port_of(c, 1) == -ENOTCONN);
	close(c);

	/* ECONNREFUSED: a port nobody listens on */
	int tmp = socket(AF_INET, SOCK_STREAM, 0);
	bind(tmp, (struct sockaddr *)&any0, sizeof any0);
	struct sockaddr_in closed = sin_of("127.0.0.1", port_of(tmp, 0));
	close(tmp);
	c = socket(AF_INET, SOCK_STREAM, 0);
	expect_err("connect to a closed port", connect(c, (struct sockaddr *)&closed, sizeof closed), errno,
		   ECONNREFUSED);
	say("SO_ERROR after: %d\n", intopt(c, SOL_SOCKET, SO_ERROR));
	close(c);

	/* bind errors */
	int b = socket(AF_INET, SOCK_STREAM, 0);
	expect_err("bind the listener's port", bind(b, (struct sockaddr *)&to, sizeof to), errno, EADDRINUSE);
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	expect_err("and with SO_REUSEADDR (it listens)", bind(b, (struct sockaddr *)&to, sizeof to), errno, EADDRINUSE);
	struct sockaddr_in anyport = sin_of("0.0.0.0", lp);
	expect_err("bind 0.0.0.0 on that port", bind(b, (struct sockaddr *)&anyport, sizeof anyport), errno,
		   EADDRINUSE);
	struct sockaddr_in other = sin_of("127.0.0.2", lp);
	int ob = socket(AF_INET, SOCK_STREAM, 0);
	show_ret("bind 127.0.0.2 on that port", bind(ob, (struct sockaddr *)&other, sizeof other), errno);
	close(ob);
	struct sockaddr_in far = sin_of("10.1.2.3", 80);
	expect_err("bind 10.1.2.3", bind(b, (struct sockaddr *)&far, sizeof far), errno, EADDRNOTAVAIL);
	expect_err("bind with a short length", bind(b, (struct sockaddr *)&any0, 8), errno, EINVAL);
	expect_err("connect with a short length", connect(b, (struct sockaddr *)&to, 8), errno, EINVAL);
	struct sockaddr_in fam = to;
	fam.sin_family = AF_INET6;
	expect_err("connect to an AF_INET6 address", connect(b, (struct sockaddr *)&fam, sizeof fam), errno,
		   EAFNOSUPPORT);
	expect_err("connect to 10.1.2.3", connect(b, (struct sockaddr *)&far, sizeof far), errno, ENETUNREACH);
	close(b);
	expect_err("socket(SOCK_STREAM, IPPROTO_UDP)", socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), errno,
		   EPROTONOSUPPORT);

	/* close with unread data resets the connection */
	pair(l, &c, &s);
	send(c, "unread", 6, 0);
	send(s, "for c", 5, 0);
	revents(s, POLLIN, 5000);
	close(s);
	n = recv(c, buf, sizeof buf, 0);
	say("the client first gets its data: %ld '%.*s'\n", n, (int)n, buf);
	expect_err("then the reset", recv(c, buf, sizeof buf, 0), errno, ECONNRESET);
	n = recv(c, buf, sizeof buf, 0);
	say("then end of file: %ld\n", n);
	close(c);

	/* EPIPE and SIGPIPE: the peer closed, the first write draws a reset */
	signal(SIGPIPE, on_sigpipe);
	pair(l, &c, &s);
	close(s);
	n = recv(c, buf, sizeof buf, 0);
	say("end of file from a closed peer: %ld\n", n);
	show_ret("a first write still goes", send(c, "x", 1, 0), errno);
	say("the reset comes: %#x\n", revents(c, 0, 5000));
	expect_err("the next write", send(c, "y", 1, 0), errno, EPIPE);
	say("SIGPIPE raised: %d\n", sigpipes);
	expect_err("with MSG_NOSIGNAL", send(c, "y", 1, MSG_NOSIGNAL), errno, EPIPE);
	say("no second SIGPIPE: %d\n", sigpipes);
	close(c);

	/* nonblocking connect */
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	expect_errno("nonblocking connect", connect(c, (struct sockaddr *)&to, sizeof to), errno, EINPROGRESS);
	say("poll it: %#x\n", revents(c, POLLOUT, 5000));
	say("SO_ERROR: %d\n", intopt(c, SOL_SOCKET, SO_ERROR));
	show_ret("connect again", connect(c, (struct sockaddr *)&to, sizeof to), errno);
	expect_err("and again", connect(c, (struct sockaddr *)&to, sizeof to), errno, EISCONN);
	s = accept(l, NULL, NULL);
	send(c, "nb", 2, 0);
	n = recv(s, buf, sizeof buf, 0);
	say("data over it: %ld '%.*s'\n", n, (int)n, buf);
	close(s);
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	expect_errno("nonblocking connect to a closed port", connect(c, (struct sockaddr *)&closed, sizeof closed),
		     errno, EINPROGRESS);
	say("poll it: %#x\n", revents(c, POLLOUT, 5000));
	say("SO_ERROR: %s\n", errname(intopt(c, SOL_SOCKET, SO_ERROR)));
	say("SO_ERROR again: %d\n", intopt(c, SOL_SOCKET, SO_ERROR));
	expect_err("connect again", connect(c, (struct sockaddr *)&closed, sizeof closed), errno, ECONNABORTED);
	close(c);

	/* accept on a nonblocking listener, then a listener's close resets what it queued */
	int fl = fcntl(l, F_GETFL);
	fcntl(l, F_SETFL, fl | O_NONBLOCK);
	expect_err("accept with nothing pending", accept(l, NULL, NULL), errno, EAGAIN);
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&to, sizeof to);
	close(l);
	expect_err("a queued connection after the listener closes", recv(c, buf, 1, 0), errno, ECONNRESET);
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	expect_err("connect to the closed listener", connect(c, (struct sockaddr *)&to, sizeof to), errno,
		   ECONNREFUSED);
	done();
	return 0;
}
