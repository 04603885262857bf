/*
 * tcp_sndbuf_expand.c — SO_SNDBUF of a TCP socket grows when its connection
 * is established (Linux tcp_init_buffer_space -> tcp_sndbuf_expand: twice
 * ten segments of the loopback's MSS, 2626560) on the connecting and the
 * accepted end, unless the user set SO_SNDBUF first (SOCK_SNDBUF_LOCK), on
 * the socket or on the listener an accepted socket inherits it from;
 * SO_RCVBUF stays tcp_rmem[1]. A 4 MiB transfer with a checksum shows the
 * data path that uses it (and large segments) keeps every byte in order.
 */
#include "inet_test.h"

#include <netinet/tcp.h>
#include <sys/wait.h>

static void show(const char *what, int s)
{
	int snd = -1, rcv = -1;
	socklen_t len = sizeof snd;
	getsockopt(s, SOL_SOCKET, SO_SNDBUF, &snd, &len);
	len = sizeof rcv;
	getsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, &len);
	say("%s: SO_SNDBUF %d SO_RCVBUF %d\n", what, snd, rcv);
}

static int dial_with_sndbuf(int port, int sndbuf)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (sndbuf)
		setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0)
		say("connect: %s\n", errname(errno));
	return c;
}

/* 4 MiB of a pattern from a child, summed by the reader in odd-sized reads. */
static void transfer(int l, int port)
{
	pid_t pid = fork();
	if (pid == 0) {
		int c = dial_with_sndbuf(port, 0);
		static unsigned char buf[100000];
		long sent = 0;
		while (sent < 4 << 20) {
			long n = (4 << 20) - sent < (long)sizeof buf ? (4 << 20) - sent : (long)sizeof buf;
			for (long i = 0; i < n; i++)
				buf[i] = (unsigned char)((sent + i) * 7 + ((sent + i) >> 12));
			long w = write(c, buf, n);
			if (w <= 0)
				_exit(1);
			sent += w;
		}
		close(c);
		_exit(0);
	}
	int a = accept(l, NULL, NULL);
	static unsigned char rbuf[77777];
	long got = 0, bad = 0;
	for (;;) {
		long n = read(a, rbuf, sizeof rbuf);
		if (n <= 0)
			break;
		for (long i = 0; i < n; i++)
			if (rbuf[i] != (unsigned char)((got + i) * 7 + ((got + i) >> 12)))
				bad++;
		got += n;
	}
	int status;
	waitpid(pid, &status, 0);
	say("transfer: %ld bytes, %ld wrong, writer status %d\n", got, bad, status);
	close(a);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int l = inet_listener(0, 8, 0);
	int port = port_of(l);
	show("fresh socket", l);

	int c = dial_with_sndbuf(port, 0), a = accept(l, NULL, NULL);
	show("connected", c);
	show("accepted", a);
	close(a);
	close(c);

	c = dial_with_sndbuf(port, 8192);
	a = accept(l, NULL, NULL);
	show("connected after SO_SNDBUF 8192", c);
	show("its accepted end", a);
	close(a);
	close(c);

	int l2 = socket(AF_INET, SOCK_STREAM, 0), v = 20000;
	setsockopt(l2, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	struct sockaddr_in any = sin_of("127.0.0.1", 0);
	bind(l2, (struct sockaddr *)&any, sizeof any);
	listen(l2, 4);
	c = dial_with_sndbuf(port_of(l2), 0);
	a = accept(l2, NULL, NULL);
	show("accepted from a listener with SO_SNDBUF 20000", a);
	show("its connecting end", c);
	close(a);
	close(c);
	close(l2);

	transfer(l, port);
	say("done\n");
	return 0;
}
