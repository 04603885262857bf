/*
 * tcp_rcv_flood.c — a flood of 1-byte segments costs memory by its bytes,
 * not a packet each: SO_RCVBUF limits the memory the receive queue takes
 * (Linux's sk_rmem_alloc counts skb->truesize and collapses small skbs; here
 * small segments are copied into blocks and the queue's memory bounds the
 * advertised window, docs/net.md). A client with TCP_NODELAY and a small
 * SO_SNDBUF writes single bytes without blocking to a server that does not
 * read, until EAGAIN; then with a larger SO_SNDBUF more single bytes until
 * EAGAIN, which wait in the client's send queue once the server's window is
 * closed (Linux appends them to its tail skb; here they are gathered in
 * blocks). How many bytes each kernel takes differs (Linux's SO_SNDBUF
 * counts memory, ours bytes), so only these are printed: the
 * server's queue is within its SO_RCVBUF, MemFree dropped by less than
 * 8 MiB (one packet per byte would take over 40), and reading gives every
 * byte in order.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inet_test.h"

#define MAX_WRITES 600000

static long mem_free_kb(void)
{
	static char buf[8192];
	ssize_t n = slurp_file("/proc/meminfo", buf, sizeof buf - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	char *p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

/* Single bytes (a pattern) without blocking until EAGAIN or MAX_WRITES in all. */
static void flood(int c, long *written)
{
	while (*written < MAX_WRITES) {
		unsigned char b = (unsigned char)(*written % 251);
		if (write(c, &b, 1) != 1)
			break;
		(*written)++;
	}
	int err = errno;
	say("writes stopped by: %s\n", *written == MAX_WRITES ? "the cap" : errname(err));
}

int main(void)
{
	if (lo_up() < 0) {
		say("lo up: %s\n", errname(errno));
		return 1;
	}
	int l = inet_listener(0, 1, 0);
	int c = inet_dial(port_of(l));
	int s = accept(l, NULL, NULL);
	int one = 1, sndbuf = 4096;
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	fcntl(c, F_SETFL, O_NONBLOCK);
	long before = mem_free_kb();
	long written = 0;
	flood(c, &written);
	/* more single bytes, which wait in the send queue once the window is closed */
	sndbuf = 131072;
	setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	long queued_before = written;
	flood(c, &written);
	long after = mem_free_kb();
	yesno("more bytes taken after SO_SNDBUF grew", written > queued_before);
	int rcvbuf = 0, queued = 0;
	socklen_t len = sizeof rcvbuf;
	getsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len);
	ioctl(s, FIONREAD, &queued);
	yesno("server queue holds data", queued > 0);
	yesno("server queue within SO_RCVBUF", queued <= rcvbuf);
	yesno("memory taken below 8 MiB", before > 0 && after > 0 && before - after < 8192);
	/* read everything: every byte, in order */
	fcntl(c, F_SETFL, 0);
	shutdown(c, SHUT_WR);
	static unsigned char buf[65536];
	long got = 0, bad = 0;
	ssize_t n;
	while ((n = read(s, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad += buf[i] != (unsigned char)((got + i) % 251);
		got += n;
	}
	yesno("read every byte written", got == written);
	say("bytes out of order: %ld\n", bad);
	close(c);
	close(s);
	close(l);
	done();
	return 0;
}
