/*
 * netlink_notify.c — NETLINK_ROUTE multicast (netlink(7), rtnetlink(7);
 * Linux af_netlink.c netlink_bind and netlink_setsockopt, addrconf.c
 * ipv6_ifa_notify): groups joined by bind's nl_groups and by
 * NETLINK_ADD_MEMBERSHIP (its range and length checks), left by
 * NETLINK_DROP_MEMBERSHIP, getsockname's nl_groups; then lo taken down and
 * up: RTM_DELADDR and RTM_NEWADDR for ::1 reach a socket in
 * RTNLGRP_IPV6_IFADDR from the kernel (port 0, nl_groups the group's bit,
 * sequence number 0, no flags), not one outside it, nor once it left; lo's
 * 127.0.0.1 stays while it is down, so RTNLGRP_IPV4_IFADDR hears nothing.
 * A bind with the socket's port replaces groups 1..32. The RTM_GETADDR
 * dump's messages carry the same attributes as the notifications.
 * The structures are netlink_test.h's.
 */
#define _GNU_SOURCE
#include "inet_test.h"
#include "netlink_test.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#define NETLINK_ADD_MEMBERSHIP 1
#define NETLINK_DROP_MEMBERSHIP 2
#define RTNLGRP_IPV4_IFADDR 5
#define RTNLGRP_IPV6_IFADDR 9

static void show_groups(const char *label, int s)
{
	struct nl_addr a = {0};
	socklen_t len = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &len);
	say("%s: nl_groups %#x\n", label, a.groups);
}

static void membership(const char *label, int s, int name, int group, socklen_t len)
{
	int r = setsockopt(s, SOL_NETLINK, name, &group, len);
	say("%s: %s\n", label, r == 0 ? "0" : errname(errno));
}

/* Every datagram queued on s now, message by message (a port id that is
 * not the kernel's is s's own: shown as "mine"). */
static void drain(const char *label, int s)
{
	struct nl_addr me = {0};
	socklen_t mlen = sizeof me;
	getsockname(s, (struct sockaddr *)&me, &mlen);
	unsigned char buf[8192];
	int n = 0;
	for (;;) {
		struct nl_addr from = {0};
		socklen_t flen = sizeof from;
		ssize_t got = recvfrom(s, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (got < 0) {
			say("%s: %d datagrams, then %s\n", label, n, errname(errno));
			return;
		}
		n++;
		say("%s: %zd bytes from pid %u groups %#x\n", label, got, from.pid, from.groups);
		for (size_t off = 0; off + sizeof(struct nl_hdr) <= (size_t)got;) {
			struct nl_hdr *h = (struct nl_hdr *)(buf + off);
			struct ifa_msg *ifa = (struct ifa_msg *)(h + 1);
			if (h->type == 3) { /* NLMSG_DONE */
				say("  NLMSG_DONE\n");
				break;
			}
			say("  type %u flags %#x seq %u pid %s: family %u prefixlen %u flags %#x scope %u index %u;",
			    h->type, h->flags, h->seq,
			    h->pid == 0	       ? "0"
			    : h->pid == me.pid ? "mine"
					       : "another",
			    ifa->family, ifa->prefixlen, ifa->flags, ifa->scope, ifa->index);
			for (size_t a = sizeof *h + sizeof *ifa; a + sizeof(struct rt_attr) <= h->len;) {
				struct rt_attr *at = (struct rt_attr *)((unsigned char *)h + a);
				say(" attr %u (%u bytes)", at->type, at->len);
				if (at->len == 5)
					say(" = %u", *(unsigned char *)(at + 1)); /* IFA_PROTO */
				a += (at->len + 3u) & ~3u;
			}
			say("\n");
			off += (h->len + 3u) & ~3u;
		}
	}
}

int main(void)
{
	say("lo up: %d\n", lo_up()); /* lo has had 127.0.0.1 since its first up */

	int v6 = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct nl_addr a = {.family = AF_NETLINK, .groups = 1u << (RTNLGRP_IPV4_IFADDR - 1)};
	say("bind with RTMGRP_IPV4_IFADDR: %d\n", bind(v6, (struct sockaddr *)&a, sizeof a));
	show_groups("after bind", v6);
	membership("add RTNLGRP_IPV6_IFADDR", v6, NETLINK_ADD_MEMBERSHIP, RTNLGRP_IPV6_IFADDR, sizeof(int));
	show_groups("after adding group 9", v6);
	membership("add group 0", v6, NETLINK_ADD_MEMBERSHIP, 0, sizeof(int));
	membership("add group 36", v6, NETLINK_ADD_MEMBERSHIP, 36, sizeof(int));
	membership("add group 37", v6, NETLINK_ADD_MEMBERSHIP, 37, sizeof(int));
	membership("add group 9 with a 2-byte value", v6, NETLINK_ADD_MEMBERSHIP, RTNLGRP_IPV6_IFADDR, 2);
	membership("drop group 36", v6, NETLINK_DROP_MEMBERSHIP, 36, sizeof(int));
	membership("drop group 30 (not joined)", v6, NETLINK_DROP_MEMBERSHIP, 30, sizeof(int));
	show_groups("after the rest", v6);

	int none = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct nl_addr b = {.family = AF_NETLINK};
	bind(none, (struct sockaddr *)&b, sizeof b);

	lo_set(0);
	drain("lo down, the member", v6);
	drain("lo down, the other", none);
	lo_set(1);
	drain("lo up, the member", v6);
	drain("lo up, the other", none);

	membership("drop RTNLGRP_IPV6_IFADDR", v6, NETLINK_DROP_MEMBERSHIP, RTNLGRP_IPV6_IFADDR, sizeof(int));
	show_groups("after dropping group 9", v6);
	lo_set(0);
	lo_set(1);
	drain("lo down and up, no longer a member", v6);

	/* a bind (with the socket's own port) replaces the first 32 groups */
	membership("add RTNLGRP_IPV6_IFADDR again", v6, NETLINK_ADD_MEMBERSHIP, RTNLGRP_IPV6_IFADDR, sizeof(int));
	struct nl_addr me = {0};
	socklen_t mlen = sizeof me;
	getsockname(v6, (struct sockaddr *)&me, &mlen);
	a.pid = me.pid;
	a.groups = 0;
	say("bind with no groups: %d\n", bind(v6, (struct sockaddr *)&a, sizeof a));
	show_groups("after that bind", v6);
	lo_set(0);
	lo_set(1);
	drain("lo down and up after the bind", v6);

	/* the dump's address messages carry the same attributes */
	struct {
		struct nl_hdr h;
		struct ifa_msg ifa;
	} req = {{sizeof req, 22 /* RTM_GETADDR */, 1 | 0x300 /* NLM_F_REQUEST | NLM_F_DUMP */, 5, 0}, {0}};
	struct nl_addr kernel = {.family = AF_NETLINK};
	sendto(none, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel);
	drain("the address dump", none);
	close(v6);
	close(none);
	say("done\n");
	return 0;
}
