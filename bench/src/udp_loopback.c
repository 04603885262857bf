/*
 * udp_loopback.c — UDP over the loopback device between two processes
 * ("lo" is brought up first): two sockets on 127.0.0.1 connected to each
 * other, a 1-byte datagram sent by the parent and sent back by a forked
 * child, per round trip (stream_bench.h's ping-pong: read and write work on
 * a connected datagram socket).
 *
 * Output: "RESULT udp_roundtrip_ns <ns>" (or NA), "done".
 */
#include "stream_bench.h"
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000

/* A UDP socket bound to an ephemeral port of 127.0.0.1, its address in *addr; -1 on failure. */
static int udp_socket(struct sockaddr_in *addr)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	*addr = (struct sockaddr_in){.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof *addr;
	if (s < 0 || bind(s, (struct sockaddr *)addr, sizeof *addr) || getsockname(s, (struct sockaddr *)addr, &len))
		return -1;
	return s;
}

int main(void)
{
	int ctl = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(ctl, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(ctl, SIOCSIFFLAGS, &ifr);
	close(ctl);
	struct sockaddr_in pa, ca;
	int p = udp_socket(&pa), c = udp_socket(&ca);
	if (p < 0 || c < 0 || connect(p, (struct sockaddr *)&ca, sizeof ca) ||
	    connect(c, (struct sockaddr *)&pa, sizeof pa)) {
		not_available("udp_roundtrip_ns", "socket/bind/connect: %s", errno_name(errno));
		bench_done();
		return 0;
	}
	pid_t child = fork();
	if (child == 0) {
		close(p);
		pingpong_serve(c, ROUNDS);
		_exit(0);
	}
	close(c);
	pingpong_time(p, ROUNDS, "udp_roundtrip_ns");
	int status;
	waitpid(child, &status, 0);
	bench_done();
	return 0;
}
