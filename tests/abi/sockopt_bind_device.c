/*
 * sockopt_bind_device.c — SO_BINDTODEVICE, SO_BINDTOIFINDEX, SO_RXQ_OVFL
 * and SO_INCOMING_CPU (Linux 6.1 net/core/sock.c): binding to "lo" by
 * name or index (an unknown name ENODEV, "" or a zero length unbinds, a
 * short getsockopt buffer EINVAL), what an unprivileged process may change;
 * the count of datagrams dropped on a full queue that the next one read
 * carries (SO_RXQ_OVFL, on UDP and packet sockets);
 * SO_INCOMING_CPU before a datagram and once a connected socket got one.
 */
#include "fs_test.h"
#include "inet_test.h"

#include <sys/wait.h>

#ifndef ETH_P_IP
#define ETH_P_IP 0x0800
#endif
#ifndef SO_BINDTOIFINDEX
#define SO_BINDTOIFINDEX 62
#endif
#ifndef SO_INCOMING_CPU
#define SO_INCOMING_CPU 49
#endif
#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL 40
#endif

static void show_device(const char *label, int fd)
{
	char name[IFNAMSIZ + 4];
	memset(name, '#', sizeof name);
	socklen_t len = sizeof name;
	int r = getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, &len);
	int index = -1;
	socklen_t ilen = sizeof index;
	getsockopt(fd, SOL_SOCKET, SO_BINDTOIFINDEX, &index, &ilen);
	if (r < 0)
		say("%s: %s, index %d\n", label, errname(errno), index);
	else
		say("%s: [%.*s] len %u, index %d\n", label, (int)(len ? len - 1 : 0), name, (unsigned)len, index);
}

static void device_options(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	show_device("fresh", s);
	R("bind to lo", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
	show_device("bound", s);
	char small[4];
	socklen_t len = sizeof small;
	R("getsockopt into 4 bytes", getsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, small, &len));
	R("bind to eth9", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "eth9", 5));
	R("a name without its NUL", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "lox", 2));
	show_device("after lo by two bytes", s);
	R("unbind by \"\"", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "", 1));
	show_device("unbound", s);
	int one = 1, zero = 0, minus = -1;
	R("SO_BINDTOIFINDEX 1", setsockopt(s, SOL_SOCKET, SO_BINDTOIFINDEX, &one, sizeof one));
	show_device("bound by index", s);
	R("SO_BINDTOIFINDEX -1", setsockopt(s, SOL_SOCKET, SO_BINDTOIFINDEX, &minus, sizeof minus));
	R("SO_BINDTOIFINDEX 0", setsockopt(s, SOL_SOCKET, SO_BINDTOIFINDEX, &zero, sizeof zero));
	show_device("unbound by index", s);
	R("bind by a zero length", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 0));
	R("bind from a bad pointer", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, (void *)8, 3));
	R("bind to lo again", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
	pid_t pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			_exit(1);
		R("unprivileged: unbind", setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, "", 1));
		int t = socket(AF_INET, SOCK_DGRAM, 0);
		R("unprivileged: bind a fresh socket", setsockopt(t, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	close(s);
}

/* The SO_RXQ_OVFL messages of one read of fd: how many, and whether the
 * count they give is above zero. -1: nothing to read. */
static int read_drops(int fd, int *carried)
{
	char data[2048], control[64];
	struct iovec iov = {data, sizeof data};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
	if (recvmsg(fd, &mh, MSG_DONTWAIT) < 0)
		return -1;
	int n = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		unsigned drops;
		memcpy(&drops, CMSG_DATA(c), sizeof drops);
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL && drops > 0)
			n++;
	}
	*carried += n;
	return n;
}

/* Datagrams sent to rx past the buffer of rx and of a packet socket on lo;
 * each queue drained (what was queued before the drops carries no count);
 * then one more, whose read says drops came before it. */
static void overflow(void)
{
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	int pk = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(rx, (struct sockaddr *)&a, sizeof a);
	a.sin_port = htons(port_of(rx));
	int cpu = -2;
	socklen_t len = sizeof cpu;
	getsockopt(rx, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len);
	say("SO_INCOMING_CPU before any datagram: %d\n", cpu);
	int on = 1, buf = 4096, v = -1;
	R("SO_RXQ_OVFL on udp", setsockopt(rx, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on));
	R("SO_RXQ_OVFL on a packet socket", setsockopt(pk, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on));
	len = sizeof v;
	getsockopt(rx, SOL_SOCKET, SO_RXQ_OVFL, &v, &len);
	say("SO_RXQ_OVFL reads %d\n", v);
	setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
	setsockopt(pk, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
	char data[1000] = {0};
	int sent = 0;
	for (int i = 0; i < 40; i++)
		sent += sendto(tx, data, sizeof data, 0, (struct sockaddr *)&a, sizeof a) == sizeof data;
	say("sent %d\n", sent);
	int udp_carried = 0, pk_carried = 0, udp_read = 0, pk_read = 0;
	while (read_drops(rx, &udp_carried) >= 0)
		udp_read++;
	while (read_drops(pk, &pk_carried) >= 0)
		pk_read++;
	say("read some of them: udp %s, packet socket %s\n", udp_read > 0 && udp_read < 40 ? "yes" : "no",
	    pk_read > 0 && pk_read < 80 ? "yes" : "no");
	sendto(tx, data, sizeof data, 0, (struct sockaddr *)&a, sizeof a);
	say("the next on udp: %d drop counts\n", read_drops(rx, &udp_carried));
	say("the next on the packet socket: %d drop counts\n", read_drops(pk, &pk_carried));
	say("udp reads that gave a count: %d\n", udp_carried);
	connect(rx, (struct sockaddr *)&a, sizeof a); /* to itself: a connected socket notes the CPU */
	send(rx, "x", 1, 0);
	cpu = -2;
	len = sizeof cpu;
	getsockopt(rx, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &len);
	say("SO_INCOMING_CPU once connected and received: %s\n", cpu >= 0 ? "a CPU" : "none");
	close(pk);
	close(rx);
	close(tx);
}

int main(void)
{
	lo_up();
	device_options();
	overflow();
	done();
	return 0;
}
