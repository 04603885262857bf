/* packet_socket_errors: AF_PACKET sockets (packet(7)) — who may make one
 * (CAP_NET_RAW) and of which types, bind's and getsockname's addresses,
 * the calls a packet socket does not have, sends that cannot go (unbound,
 * lo down, short or long frames), a binding to a device that is down,
 * and the SOL_PACKET options' values and errors. */
#include "packet_test.h"

#include <sys/wait.h>

static void creation(void)
{
	static const struct {
		const char *label;
		int type;
	} types[] = {{"SOCK_RAW", SOCK_RAW},
		     {"SOCK_DGRAM", SOCK_DGRAM},
		     {"SOCK_STREAM", SOCK_STREAM},
		     {"SOCK_SEQPACKET", SOCK_SEQPACKET},
		     {"SOCK_RDM", SOCK_RDM}};
	for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
		int s = socket(AF_PACKET, types[i].type, htons(T_ETH_P_ALL));
		say("socket(AF_PACKET, %s): %s\n", types[i].label, s >= 0 ? "made" : errname(errno));
		if (s >= 0) {
			int v = -1;
			socklen_t len = sizeof v;
			getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &len);
			say("  SO_PROTOCOL %04x\n", (unsigned)v);
			len = sizeof v;
			getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len);
			say("  SO_DOMAIN %d\n", v);
			close(s);
		}
	}
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	show_ret("socket(AF_PACKET, SOCK_RAW, 0)", s >= 0 ? 0 : -1, errno);
	close(s);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			say("setuid: %s\n", errname(errno));
		expect_err("SOCK_RAW as nobody", socket(AF_PACKET, SOCK_RAW, htons(T_ETH_P_ALL)), errno, EPERM);
		expect_err("SOCK_DGRAM as nobody", socket(AF_PACKET, SOCK_DGRAM, htons(T_ETH_P_ALL)), errno, EPERM);
		expect_err("SOCK_STREAM as nobody", socket(AF_PACKET, SOCK_STREAM, 0), errno, EPERM);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void show_name(const char *label, int s)
{
	struct sockaddr_ll a;
	memset(&a, 0x55, sizeof a);
	socklen_t len = sizeof a;
	if (getsockname(s, (struct sockaddr *)&a, &len) < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: len=%u family=%u proto=%04x ifindex=%s hatype=%u halen=%u\n", label, (unsigned)len, a.sll_family,
	    ntohs(a.sll_protocol),
	    a.sll_ifindex == 0		  ? "0"
	    : a.sll_ifindex == lo_index() ? "lo"
					  : "other",
	    a.sll_hatype, a.sll_halen);
}

static void binding(void)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(T_ETH_P_ALL));
	show_name("fresh", s);
	struct sockaddr_ll a = ll_of(T_ETH_P_IP, lo_index());
	expect_err("bind short", bind(s, (struct sockaddr *)&a, sizeof a - 1), errno, EINVAL);
	a.sll_family = AF_INET;
	expect_err("bind AF_INET", bind(s, (struct sockaddr *)&a, sizeof a), errno, EINVAL);
	a = ll_of(T_ETH_P_IP, 99);
	expect_err("bind ifindex 99", bind(s, (struct sockaddr *)&a, sizeof a), errno, ENODEV);
	show_name("after the failures", s);
	a = ll_of(0, 0);
	show_ret("bind protocol 0 ifindex 0", bind(s, (struct sockaddr *)&a, sizeof a), errno);
	show_name("kept ETH_P_ALL", s);
	/* lo down (an earlier test of the same boot may have brought it up):
	 * the socket is bound but told ENETDOWN */
	lo_set(0);
	a = ll_of(T_ETH_P_IP, lo_index());
	show_ret("bind to lo (down)", bind(s, (struct sockaddr *)&a, sizeof a), errno);
	show_name("bound to lo", s);
	int err = -1;
	socklen_t len = sizeof err;
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	say("SO_ERROR after binding to lo while down: %s\n", err ? errname(err) : "0");
	char buf[64] = {0};
	expect_err("send while lo is down", send(s, buf, 20, 0), errno, ENETDOWN);
	close(s);
	s = socket(AF_PACKET, SOCK_DGRAM, 0);
	show_name("SOCK_DGRAM protocol 0", s);
	struct sockaddr_ll peer;
	len = sizeof peer;
	expect_err("getpeername", getpeername(s, (struct sockaddr *)&peer, &len), errno, EOPNOTSUPP);
	expect_err("connect", connect(s, (struct sockaddr *)&a, sizeof a), errno, EOPNOTSUPP);
	expect_err("listen", listen(s, 1), errno, EOPNOTSUPP);
	expect_err("accept", accept(s, NULL, NULL), errno, EOPNOTSUPP);
	expect_err("shutdown", shutdown(s, SHUT_RDWR), errno, EOPNOTSUPP);
	expect_err("unbound send", send(s, buf, 20, 0), errno, ENXIO);
	expect_err("recv MSG_OOB", recv(s, buf, sizeof buf, MSG_OOB | MSG_DONTWAIT), errno, EINVAL);
	expect_err("recv MSG_DONTWAIT", recv(s, buf, sizeof buf, MSG_DONTWAIT), errno, EAGAIN);
	expect_err("recv MSG_ERRQUEUE", recv(s, buf, sizeof buf, MSG_ERRQUEUE), errno, EAGAIN);
	expect_err("mmap without a ring", (long)(mmap(NULL, 4096, PROT_READ, MAP_SHARED, s, 0) == MAP_FAILED ? -1 : 0),
		   errno, EINVAL);
	close(s);
}

static void sending(void)
{
	lo_up();
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	unsigned char frame[70000];
	size_t n = test_frame(frame, 1, 50, 0);
	struct sockaddr_ll to = ll_of(T_ETH_P_TEST, lo_index());
	expect_err("sendto short name", sendto(s, frame, n, 0, (struct sockaddr *)&to, sizeof to - 1), errno, EINVAL);
	to.sll_halen = 9;
	expect_err("sendto halen 9", sendto(s, frame, n, 0, (struct sockaddr *)&to, sizeof to), errno, EINVAL);
	to.sll_halen = 0;
	to.sll_ifindex = 99;
	expect_err("sendto ifindex 99", sendto(s, frame, n, 0, (struct sockaddr *)&to, sizeof to), errno, ENXIO);
	to.sll_ifindex = lo_index();
	expect_err("raw frame of 13 bytes", sendto(s, frame, 13, 0, (struct sockaddr *)&to, sizeof to), errno, EINVAL);
	show_ret("raw frame of 14 bytes", sendto(s, frame, 14, 0, (struct sockaddr *)&to, sizeof to), errno);
	show_ret("raw frame of 64 bytes", sendto(s, frame, 64, 0, (struct sockaddr *)&to, sizeof to), errno);
	show_ret("raw frame of 65550 bytes", sendto(s, frame, 65550, 0, (struct sockaddr *)&to, sizeof to), errno);
	expect_err("raw frame of 65551 bytes", sendto(s, frame, 65551, 0, (struct sockaddr *)&to, sizeof to), errno,
		   EMSGSIZE);
	close(s);
	s = socket(AF_PACKET, SOCK_DGRAM, 0);
	show_ret("dgram of 65536 bytes", sendto(s, frame, 65536, 0, (struct sockaddr *)&to, sizeof to), errno);
	show_ret("dgram of 65540 bytes", sendto(s, frame, 65540, 0, (struct sockaddr *)&to, sizeof to), errno);
	expect_err("dgram of 65541 bytes", sendto(s, frame, 65541, 0, (struct sockaddr *)&to, sizeof to), errno,
		   EMSGSIZE);
	close(s);
	lo_set(0);
}

static void show_opt(const char *label, int s, int name, int in)
{
	int v = in;
	socklen_t len = sizeof v;
	if (getsockopt(s, SOL_PACKET, name, &v, &len) < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %d (len %u)\n", label, v, (unsigned)len);
}

static void options(void)
{
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	show_opt("PACKET_VERSION", s, PACKET_VERSION, 0);
	show_opt("PACKET_RESERVE", s, PACKET_RESERVE, 0);
	show_opt("PACKET_LOSS", s, PACKET_LOSS, 0);
	show_opt("PACKET_IGNORE_OUTGOING", s, PACKET_IGNORE_OUTGOING, 0);
	show_opt("PACKET_HDRLEN of V1", s, PACKET_HDRLEN, T_V1);
	show_opt("PACKET_HDRLEN of V2", s, PACKET_HDRLEN, T_V2);
	show_opt("PACKET_HDRLEN of V3", s, PACKET_HDRLEN, T_V3);
	show_opt("PACKET_HDRLEN of 3", s, PACKET_HDRLEN, 3);
	int v = T_V2;
	socklen_t len = 2;
	expect_err("PACKET_HDRLEN with 2 bytes", getsockopt(s, SOL_PACKET, PACKET_HDRLEN, &v, &len), errno, EINVAL);
	len = sizeof v;
	expect_err("getsockopt unknown", getsockopt(s, SOL_PACKET, 99, &v, &len), errno, ENOPROTOOPT);
	expect_err("getsockopt SOL_IP", getsockopt(s, SOL_IP, IP_TTL, &v, &len), errno, ENOPROTOOPT);
	v = 3;
	expect_err("PACKET_VERSION 3", setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, sizeof v), errno, EINVAL);
	v = T_V2;
	expect_err("PACKET_VERSION 8 bytes", setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, 8), errno, EINVAL);
	show_ret("PACKET_VERSION V2", setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, sizeof v), errno);
	show_opt("PACKET_VERSION now", s, PACKET_VERSION, 0);
	v = 100;
	show_ret("PACKET_RESERVE 100", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, sizeof v), errno);
	show_opt("PACKET_RESERVE now", s, PACKET_RESERVE, 0);
	v = -1;
	expect_err("PACKET_RESERVE -1", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, sizeof v), errno, EINVAL);
	expect_err("PACKET_RESERVE 2 bytes", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, 2), errno, EINVAL);
	v = 2;
	expect_err("PACKET_IGNORE_OUTGOING 2", setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &v, sizeof v), errno,
		   EINVAL);
	v = 1;
	show_ret("PACKET_IGNORE_OUTGOING 1", setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &v, sizeof v), errno);
	show_opt("PACKET_IGNORE_OUTGOING now", s, PACKET_IGNORE_OUTGOING, 0);
	expect_err("setsockopt SOL_IP", setsockopt(s, SOL_IP, IP_TTL, &v, sizeof v), errno, ENOPROTOOPT);
	struct {
		unsigned packets, drops;
	} st = {7, 7};
	len = sizeof st;
	show_ret("PACKET_STATISTICS", getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &len), errno);
	say("  packets %u drops %u len %u\n", st.packets, st.drops, (unsigned)len);
	close(s);
}

int main(void)
{
	creation();
	binding();
	sending();
	options();
	say("done\n");
	return 0;
}
