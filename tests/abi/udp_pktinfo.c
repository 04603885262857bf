/*
 * udp_pktinfo.c — IP_PKTINFO on UDP (ip(7), ip_cmsg_recv): off by default;
 * once on, recvmsg gives a control message at level IPPROTO_IP with a
 * struct in_pktinfo (the interface, lo = 1, the local and the destination
 * address: 127.0.0.1, or 127.0.0.2 for a socket bound to any address);
 * MSG_CTRUNC with no control buffer or one too small for it; nothing once it
 * is turned off; TCP takes and reports the option.
 */
#define _GNU_SOURCE
#include "inet_test.h"

static void show_flag(const char *label, int fd)
{
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(fd, IPPROTO_IP, IP_PKTINFO, &v, &len);
	say("%s: %d\n", label, v);
}

/* recvmsg with controllen bytes of control buffer; prints what came. */
static void receive(const char *label, int fd, size_t controllen)
{
	char data[16], control[64];
	memset(control, 0x55, sizeof control);
	struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = controllen ? control : NULL,
			    .msg_controllen = controllen};
	long n = recvmsg(fd, &mh, 0);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: %ld bytes, controllen %zu, MSG_CTRUNC %d\n", label, n, (size_t)mh.msg_controllen,
	    !!(mh.msg_flags & MSG_CTRUNC));
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		say("  cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof pi);
			char spec[32], addr[32];
			inet_ntop(AF_INET, &pi.ipi_spec_dst, spec, sizeof spec);
			inet_ntop(AF_INET, &pi.ipi_addr, addr, sizeof addr);
			say("  ifindex %d spec_dst %s addr %s\n", pi.ipi_ifindex, spec, addr);
		}
	}
}

int main(void)
{
	lo_up();
	int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = sin_of("0.0.0.0", 0);
	bind(a, (struct sockaddr *)&any, sizeof any);
	show_flag("IP_PKTINFO default", a);
	int one = 1, zero = 0;
	show_ret("IP_PKTINFO on", setsockopt(a, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), errno);
	show_flag("IP_PKTINFO", a);
	struct sockaddr_in to1 = sin_of("127.0.0.1", port_of(a)), to2 = sin_of("127.0.0.2", port_of(a));
	sendto(b, "one", 3, 0, (struct sockaddr *)&to1, sizeof to1);
	receive("to 127.0.0.1", a, 64);
	sendto(b, "two", 3, 0, (struct sockaddr *)&to2, sizeof to2);
	receive("to 127.0.0.2", a, 64);
	sendto(b, "three", 5, 0, (struct sockaddr *)&to1, sizeof to1);
	receive("no control buffer", a, 0);
	sendto(b, "four", 4, 0, (struct sockaddr *)&to1, sizeof to1);
	receive("a control buffer of 20 bytes", a, 20);
	show_ret("IP_PKTINFO off", setsockopt(a, IPPROTO_IP, IP_PKTINFO, &zero, sizeof zero), errno);
	sendto(b, "five", 4, 0, (struct sockaddr *)&to1, sizeof to1);
	receive("off", a, 64);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	show_ret("TCP IP_PKTINFO on", setsockopt(t, IPPROTO_IP, IP_PKTINFO, &one, sizeof one), errno);
	show_flag("TCP IP_PKTINFO", t);
	done();
	return 0;
}
