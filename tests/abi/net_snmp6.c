/*
 * net_snmp6.c — /proc/net/snmp6 (Linux net/ipv6/proc.c snmp6_seq_show):
 * every name in Linux's order, and how the IPv6 and UDP counters move for
 * one small datagram from ::1 to itself and for one of 65527 bytes, which
 * travels in two fragments (Ip6FragOKs, FragCreates, ReasmReqds,
 * ReasmOKs). Tests share a boot, so only changes are shown, and the
 * Icmp6InTypeN/OutTypeN lines (one per ICMPv6 type seen since boot) are
 * left out.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#include <poll.h>

#define MAXC 128
static char names[MAXC][40];
static unsigned long vals[MAXC];
static char text[16384];
static unsigned char buf[70000];

/* Reads the file into names/vals; returns the count. */
static int snap(unsigned long *v)
{
	if (slurp_file("/proc/net/snmp6", text, sizeof text) < 0) {
		say("/proc/net/snmp6: %s\n", errname(errno));
		return 0;
	}
	int n = 0;
	for (char *line = strtok(text, "\n"); line && n < MAXC; line = strtok(NULL, "\n")) {
		/* one line per ICMPv6 type seen since boot: they depend on the tests before */
		if (!strncmp(line, "Icmp6InType", 11) || !strncmp(line, "Icmp6OutType", 12))
			continue;
		if (sscanf(line, "%39s %lu", names[n], &v[n]) != 2)
			say("odd line: '%s'\n", line);
		n++;
	}
	return n;
}

static void show_changes(const char *what, int n, const unsigned long *before)
{
	unsigned long after[MAXC];
	snap(after);
	say("%s:", what);
	for (int i = 0; i < n; i++) {
		if (after[i] != before[i])
			say(" %s+%lu", names[i], after[i] - before[i]);
	}
	say("\n");
}

static void send_self(int s, const struct sockaddr_in6 *a, int len)
{
	unsigned long before[MAXC];
	int n = snap(before);
	long w = sendto(s, buf, len, 0, (const struct sockaddr *)a, sizeof *a);
	struct pollfd p = {s, POLLIN, 0}; /* Linux may deliver a reassembled datagram after sendto returns */
	poll(&p, 1, 10000);
	long r = recv(s, buf, sizeof buf, MSG_DONTWAIT);
	say("%d bytes: sent %ld got %ld\n", len, w, r);
	char what[32];
	snprintf(what, sizeof what, "after %d bytes", len);
	show_changes(what, n, before);
}

int main(void)
{
	lo_up();
	int n = snap(vals);
	say("%d lines\n", n);
	for (int i = 0; i < n; i++)
		say("%s%s", names[i], i % 8 == 7 || i == n - 1 ? "\n" : " ");
	/* the file's layout: names padded to 32 columns, a tab, the value */
	slurp_file("/proc/net/snmp6", text, sizeof text);
	char *tab = strchr(text, '\t');
	say("first line up to its value: '%.*s'\n", tab ? (int)(tab + 1 - text) : 0, text);

	int s = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	bind(s, (struct sockaddr *)&a, sizeof a);
	socklen_t alen = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &alen);
	send_self(s, &a, 100);
	send_self(s, &a, 65527);
	close(s);
	done();
	return 0;
}
