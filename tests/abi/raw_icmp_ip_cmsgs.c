/*
 * raw_icmp_ip_cmsgs.c — the IPv4 control messages of a raw ICMP socket
 * (Linux 6.1 raw_recvmsg's ip_cmsg_recv): IP_PKTINFO, IP_RECVTTL and
 * IP_RECVTOS on the echo request it sends itself (its IP_TTL and IP_TOS)
 * and on the kernel's echo reply (TTL 64, the request's TOS, as
 * icmp_reply sets it).
 */
#include "inet_test.h"

#include <netinet/ip.h>

static void show(const char *label, int fd)
{
	unsigned char data[256];
	union {
		char buf[256];
		struct cmsghdr align;
	} c;
	struct iovec iov = {data, sizeof data};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf, .msg_controllen = sizeof c.buf};
	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: %zd bytes, ICMP type %d:", label, n, n > 20 ? data[20] : -1);
	say_cmsgs(&mh);
}

int main(void)
{
	lo_up();
	int r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP), one = 1, ttl = 40, tos = 0x20;
	setsockopt(r, IPPROTO_IP, IP_RECVTTL, &one, sizeof one);
	setsockopt(r, IPPROTO_IP, IP_RECVTOS, &one, sizeof one);
	setsockopt(r, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
	setsockopt(r, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
	setsockopt(r, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
	unsigned char echo[8] = {8, 0, 0, 0, 0, 1, 0, 1};
	unsigned sum = 0;
	for (int i = 0; i < 8; i += 2)
		sum += (unsigned)(echo[i] << 8 | echo[i + 1]);
	sum = ~((sum & 0xffff) + (sum >> 16)) & 0xffff;
	echo[2] = (unsigned char)(sum >> 8);
	echo[3] = (unsigned char)sum;
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	sendto(r, echo, sizeof echo, 0, (struct sockaddr *)&a, sizeof a);
	show("the request", r);
	show("the reply", r);
	show("then", r);
	close(r);
	done();
	return 0;
}
