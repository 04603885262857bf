/* sockopt_priority_mark_pmtu: SO_PRIORITY, SO_MARK, SO_BUSY_POLL and
 * SO_DONTROUTE (net/core/sock.c sk_setsockopt: priorities 0..6 for anyone,
 * others and any mark with CAP_NET_RAW or CAP_NET_ADMIN, busy polling
 * lowered by anyone and raised with CAP_NET_ADMIN), SO_PRIORITY following a
 * new IP_TOS (rt_tos2priority), an accepted socket inheriting them; at
 * level IPPROTO_IP, IP_MTU_DISCOVER (default IP_PMTUDISC_WANT, 0..5) and
 * the DF bit it gives datagrams on the wire (seen by an AF_PACKET socket on
 * lo), IP_HDRINCL and IP_NODEFRAG on a socket that is not raw, IP_OPTIONS
 * read back empty, IP_MTU (ENOTCONN without a route, else lo's MTU). */
#include "packet_test.h"

#include <netinet/ip.h>
#include <sys/wait.h>

static int geti(int s, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof v;
	if (getsockopt(s, level, name, &v, &len) < 0)
		return -errno * 1000;
	return v;
}

static void set_show(const char *label, int s, int level, int name, int v)
{
	int r = setsockopt(s, level, name, &v, sizeof v);
	say("%s %d: %s, now %d\n", label, v, r < 0 ? errname(errno) : "ok", geti(s, level, name));
}

/* The DF bit of a UDP datagram s sends to port on 127.0.0.1, as tap sees it. */
static const char *df_of_send(int s, int tap, int port)
{
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	if (sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof to) != 1)
		return "send failed";
	unsigned char buf[2048];
	for (;;) {
		ssize_t n = recv(tap, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0)
			return "not seen";
		struct iphdr *ip = (struct iphdr *)buf;
		if (n >= 28 && ip->version == 4 && ip->protocol == IPPROTO_UDP && buf[22] == (port >> 8) &&
		    buf[23] == (port & 0xff))
			return ntohs(ip->frag_off) & IP_DF ? "DF" : "no DF";
	}
}

int main(void)
{
	lo_up();
	int s = socket(AF_INET, SOCK_STREAM, 0);
	say("defaults: priority %d mark %d busy_poll %d dontroute %d pmtudisc %d hdrincl %d nodefrag %d\n",
	    geti(s, SOL_SOCKET, SO_PRIORITY), geti(s, SOL_SOCKET, SO_MARK), geti(s, SOL_SOCKET, SO_BUSY_POLL),
	    geti(s, SOL_SOCKET, SO_DONTROUTE), geti(s, IPPROTO_IP, IP_MTU_DISCOVER), geti(s, IPPROTO_IP, IP_HDRINCL),
	    geti(s, IPPROTO_IP, IP_NODEFRAG));
	int tos[] = {0x10, 0x08, 0x04, 0x02, 0x18, 0x1c, 0xb8, 0x00};
	for (unsigned i = 0; i < sizeof tos / sizeof tos[0]; i++) {
		setsockopt(s, IPPROTO_IP, IP_TOS, &tos[i], sizeof tos[i]);
		say("IP_TOS %#x: priority %d\n", tos[i], geti(s, SOL_SOCKET, SO_PRIORITY));
	}
	set_show("SO_PRIORITY", s, SOL_SOCKET, SO_PRIORITY, 3);
	int same = 0;
	setsockopt(s, IPPROTO_IP, IP_TOS, &same, sizeof same);
	say("IP_TOS unchanged keeps priority %d\n", geti(s, SOL_SOCKET, SO_PRIORITY));
	set_show("SO_PRIORITY (root)", s, SOL_SOCKET, SO_PRIORITY, 9);
	set_show("SO_MARK (root)", s, SOL_SOCKET, SO_MARK, 77);
	set_show("SO_BUSY_POLL (root)", s, SOL_SOCKET, SO_BUSY_POLL, 50);
	set_show("SO_BUSY_POLL", s, SOL_SOCKET, SO_BUSY_POLL, -1);
	set_show("SO_DONTROUTE", s, SOL_SOCKET, SO_DONTROUTE, 5);
	for (int v = -1; v <= 6; v += 7)
		set_show("IP_MTU_DISCOVER", s, IPPROTO_IP, IP_MTU_DISCOVER, v);
	set_show("IP_MTU_DISCOVER", s, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO);
	set_show("IP_HDRINCL", s, IPPROTO_IP, IP_HDRINCL, 1);
	set_show("IP_NODEFRAG", s, IPPROTO_IP, IP_NODEFRAG, 1);
	unsigned char opts[44] = {0};
	socklen_t olen = sizeof opts;
	int r = getsockopt(s, IPPROTO_IP, IP_OPTIONS, opts, &olen);
	say("IP_OPTIONS: %d, length %u\n", r, (unsigned)olen);
	say("IP_OPTIONS none: %d\n", setsockopt(s, IPPROTO_IP, IP_OPTIONS, opts, 0));
	r = setsockopt(s, IPPROTO_IP, IP_OPTIONS, opts, 44);
	say("IP_OPTIONS 44 bytes: %d %s\n", r, r < 0 ? errname(errno) : "");

	/* an accepted connection gets the listener's options (sk_clone_lock) */
	int l = inet_listener(0, 4, 0);
	int prio = 5, mark = 9;
	setsockopt(l, SOL_SOCKET, SO_PRIORITY, &prio, sizeof prio);
	setsockopt(l, SOL_SOCKET, SO_MARK, &mark, sizeof mark);
	int c = inet_dial(port_of(l));
	int a = accept(l, NULL, NULL);
	say("accepted: priority %d mark %d; client priority %d\n", geti(a, SOL_SOCKET, SO_PRIORITY),
	    geti(a, SOL_SOCKET, SO_MARK), geti(c, SOL_SOCKET, SO_PRIORITY));

	int l2 = inet_listener(0, 4, 0), lowdelay = 0x10;
	setsockopt(l2, IPPROTO_IP, IP_TOS, &lowdelay, sizeof lowdelay);
	int c2 = inet_dial(port_of(l2));
	int a2 = accept(l2, NULL, NULL);
	say("accepted from an IP_TOS 0x10 listener: priority %d tos %#x; client %d\n",
	    geti(a2, SOL_SOCKET, SO_PRIORITY), geti(a2, IPPROTO_IP, IP_TOS), c2 >= 0);

	/* IP_MTU: the route's, once the socket has one (lo's 65536) */
	int fresh = socket(AF_INET, SOCK_STREAM, 0);
	say("IP_MTU: fresh tcp %d, listener %d, client %d, accepted %d\n", geti(fresh, IPPROTO_IP, IP_MTU),
	    geti(l, IPPROTO_IP, IP_MTU), geti(c, IPPROTO_IP, IP_MTU), geti(a, IPPROTO_IP, IP_MTU));
	int ud = socket(AF_INET, SOCK_DGRAM, 0);
	say("IP_MTU: udp %d", geti(ud, IPPROTO_IP, IP_MTU));
	struct sockaddr_in lo = sin_of("127.0.0.1", 9);
	connect(ud, (struct sockaddr *)&lo, sizeof lo);
	say(", connected %d\n", geti(ud, IPPROTO_IP, IP_MTU));

	/* DF on the wire */
	int tap = socket(AF_PACKET, SOCK_DGRAM, htons(T_ETH_P_IP));
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	int sink = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = sin_of("127.0.0.1", 0);
	bind(sink, (struct sockaddr *)&any, sizeof any);
	int port = port_of(sink);
	for (int mode = IP_PMTUDISC_DONT; mode <= IP_PMTUDISC_OMIT; mode++) {
		setsockopt(u, IPPROTO_IP, IP_MTU_DISCOVER, &mode, sizeof mode);
		say("udp with IP_MTU_DISCOVER %d: %s\n", mode, tap < 0 ? "no tap" : df_of_send(u, tap, port));
	}

	/* a user without CAP_NET_RAW or CAP_NET_ADMIN */
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		int t = socket(AF_INET, SOCK_DGRAM, 0);
		set_show("user SO_PRIORITY", t, SOL_SOCKET, SO_PRIORITY, 6);
		set_show("user SO_PRIORITY", t, SOL_SOCKET, SO_PRIORITY, 7);
		set_show("user SO_MARK", t, SOL_SOCKET, SO_MARK, 1);
		set_show("user SO_BUSY_POLL", t, SOL_SOCKET, SO_BUSY_POLL, 1);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child: %d\n", status);
	done();
	return 0;
}
