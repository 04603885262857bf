/*
 * netlink_getifaddrs.c — the C libraries' interface lists, which glibc and
 * musl build from NETLINK_ROUTE dumps (RTM_GETLINK, RTM_GETADDR): getifaddrs
 * and if_nameindex once "lo" is up (SIOCSIFFLAGS IFF_UP: the link,
 * 127.0.0.1/8 and ::1/128), and how the link's counters (ifa_data, struct
 * rtnl_link_stats) change with one UDP datagram to itself: names,
 * families, flags, addresses, netmasks; /proc/net/if_inet6 (::1 on lo).
 */
#define _GNU_SOURCE
#include <ifaddrs.h>
#include <netpacket/packet.h>

#include "inet_test.h"

/* The head of struct rtnl_link_stats (linux/if_link.h, which musl lacks). */
struct link_stats {
	unsigned rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors;
};

static void show_addr(const char *what, const struct sockaddr *sa)
{
	char text[INET6_ADDRSTRLEN];
	if (!sa) {
		say("  %s: none\n", what);
	} else if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text);
		say("  %s: inet %s\n", what, text);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, text, sizeof text);
		say("  %s: inet6 %s scope %u\n", what, text, s6->sin6_scope_id);
	} else if (sa->sa_family == AF_PACKET) {
		const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
		say("  %s: packet ifindex %d hatype %u halen %u addr", what, ll->sll_ifindex, ll->sll_hatype,
		    ll->sll_halen);
		for (int i = 0; i < ll->sll_halen && i < 8; i++)
			say("%s%02x", i ? ":" : " ", ll->sll_addr[i]);
		say("\n");
	} else {
		say("  %s: family %d\n", what, sa->sa_family);
	}
}

static struct link_stats before;

/* stats 0: none shown; 1: remember them; 2: show the change since. */
static void show_ifaddrs(int stats)
{
	struct ifaddrs *list;
	if (getifaddrs(&list) < 0) {
		say("getifaddrs: %s\n", errname(errno));
		return;
	}
	for (struct ifaddrs *i = list; i; i = i->ifa_next) {
		say("%s family %d flags %#x\n", i->ifa_name, i->ifa_addr ? i->ifa_addr->sa_family : -1, i->ifa_flags);
		show_addr("addr", i->ifa_addr);
		show_addr("netmask", i->ifa_netmask);
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_PACKET && stats) {
			const struct link_stats *s = i->ifa_data;
			if (!s)
				say("  stats: none\n");
			else if (stats == 1)
				before = *s;
			else
				say("  stats change: rx %u pkts %u bytes, tx %u pkts %u bytes, errors %u/%u\n",
				    s->rx_packets - before.rx_packets, s->rx_bytes - before.rx_bytes,
				    s->tx_packets - before.tx_packets, s->tx_bytes - before.tx_bytes,
				    s->rx_errors - before.rx_errors, s->tx_errors - before.tx_errors);
		}
	}
	freeifaddrs(list);
}

static void show_if_inet6(void)
{
	char text[1024];
	if (slurp_file("/proc/net/if_inet6", text, sizeof text) < 0)
		say("/proc/net/if_inet6: %s\n", errname(errno));
	else
		say("/proc/net/if_inet6: '%s'\n", text);
}

static void show_nameindex(void)
{
	struct if_nameindex *ni = if_nameindex();
	if (!ni) {
		say("if_nameindex: %s\n", errname(errno));
		return;
	}
	for (struct if_nameindex *p = ni; p->if_index; p++)
		say("if_nameindex: %u %s\n", p->if_index, p->if_name);
	if_freenameindex(ni);
}

int main(void)
{
	/* Tests share a boot: lo may be up already, and its counters hold what
	 * earlier tests sent, so only their change is shown. */
	show_ret("lo up", lo_up(), errno);
	say("-- lo up\n");
	show_ifaddrs(1);
	show_nameindex();
	show_if_inet6();

	/* One datagram from 127.0.0.1 to itself: one packet each way on lo. */
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(u, (struct sockaddr *)&a, sizeof a);
	socklen_t alen = sizeof a;
	getsockname(u, (struct sockaddr *)&a, &alen);
	char payload[100] = "x";
	show_ret("sendto", sendto(u, payload, sizeof payload, 0, (struct sockaddr *)&a, sizeof a), errno);
	show_ret("recv", recv(u, payload, sizeof payload, 0), errno);
	close(u);
	say("-- after one datagram\n");
	show_ifaddrs(2);
	done();
	return 0;
}
