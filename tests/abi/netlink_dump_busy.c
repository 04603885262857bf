/*
 * netlink_dump_busy.c — one dump at a time per NETLINK_ROUTE socket (Linux
 * af_netlink.c netlink_dump_start's cb_running, netlink_recvmsg's
 * netlink_dump): a dump asked for before the last one's messages are read
 * is answered with NLMSG_ERROR EBUSY, queued behind the messages already
 * there; reading the last datagram of messages brings the NLMSG_DONE
 * (after that error) and lets the next dump start. The same with two
 * requests in one datagram, and for a three-part AF_UNSPEC address dump,
 * whose parts after the first are made (queued) only as the one before is
 * read, so a refusal comes before them.
 */
#define _GNU_SOURCE
#include "inet_test.h"
#include "netlink_test.h"

#define NLM_F_REQUEST 1
#define NLM_F_DUMP 0x300
#define NLMSG_ERROR 2
#define RTM_GETLINK 18
#define RTM_GETADDR 22

struct request {
	struct nl_hdr h;
	unsigned char family, pad[3];
};

static struct request dump_request(unsigned short type, unsigned seq, unsigned char family)
{
	return (struct request){{sizeof(struct request), type, NLM_F_REQUEST | NLM_F_DUMP, seq, 0}, family, {0}};
}

static void send_to_kernel(int s, const void *buf, size_t len)
{
	struct nl_addr kernel = {.family = AF_NETLINK};
	if (sendto(s, buf, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0)
		say("sendto: %s\n", errname(errno));
}

/* Every datagram queued on s, one line each: its messages' type, flags and
 * sequence number (an error's code too). */
static void drain(const char *label, int s)
{
	unsigned char buf[8192];
	for (;;) {
		ssize_t got = recv(s, buf, sizeof buf, MSG_DONTWAIT);
		if (got < 0) {
			say("%s: then %s\n", label, errname(errno));
			return;
		}
		say("%s: datagram:", label);
		for (size_t off = 0; off + sizeof(struct nl_hdr) <= (size_t)got;) {
			struct nl_hdr *h = (struct nl_hdr *)(buf + off);
			say(" [type %u flags %#x seq %u", h->type, h->flags, h->seq);
			if (h->type == NLMSG_ERROR)
				say(" error %s", errname(-*(int *)(h + 1)));
			say("]");
			off += (h->len + 3u) & ~3u;
		}
		say("\n");
	}
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

	struct request link = dump_request(RTM_GETLINK, 1, AF_UNSPEC), addr = dump_request(RTM_GETADDR, 2, AF_UNSPEC);
	send_to_kernel(s, &link, sizeof link);
	send_to_kernel(s, &addr, sizeof addr);
	drain("a link dump, then an address dump unread", s);

	addr.h.seq = 3;
	send_to_kernel(s, &addr, sizeof addr);
	drain("the address dump once the first is read", s);

	struct request two[2] = {dump_request(RTM_GETLINK, 4, AF_UNSPEC), dump_request(RTM_GETLINK, 5, AF_UNSPEC)};
	send_to_kernel(s, two, sizeof two);
	drain("two link dumps in one datagram", s);

	/* a three-part dump: busy until its second datagram is read */
	addr.h.seq = 6;
	send_to_kernel(s, &addr, sizeof addr);
	unsigned char buf[8192];
	say("first part: %zd bytes\n", recv(s, buf, sizeof buf, 0) > 0 ? (ssize_t)1 : (ssize_t)-1);
	link.h.seq = 7;
	send_to_kernel(s, &link, sizeof link);
	drain("a link dump after the first part", s);
	link.h.seq = 8;
	send_to_kernel(s, &link, sizeof link);
	drain("a link dump after all", s);

	/* the refusal comes before the parts not yet made */
	addr.h.seq = 9;
	send_to_kernel(s, &addr, sizeof addr);
	link.h.seq = 10;
	send_to_kernel(s, &link, sizeof link);
	drain("an address dump and a link dump at once", s);
	close(s);
	say("done\n");
	return 0;
}
