/*
 * netlink_setlink.c — RTM_NEWLINK and RTM_SETLINK on lo (rtnetlink(7);
 * Linux rtnetlink.c rtnl_newlink, rtnl_setlink, do_setlink): taking lo down
 * and up as iproute2's `ip link set lo down/up` asks (ifi_index, ifi_flags
 * under the ifi_change mask), by IFLA_IFNAME too, each acked and seen by
 * SIOCGIFFLAGS; and the errors: an unknown index or name (ENODEV),
 * RTM_SETLINK naming no device (EINVAL), NLM_F_CREATE of a device with no
 * kind (EOPNOTSUPP), NLM_F_EXCL on lo (EEXIST), NLM_F_REPLACE
 * (EOPNOTSUPP), a body shorter than struct ifinfomsg (EINVAL), and EPERM
 * without CAP_NET_ADMIN.
 */
#define _GNU_SOURCE
#include <sys/wait.h>

#include "inet_test.h"
#include "netlink_test.h"

#define NLM_F_REQUEST 1
#define NLM_F_ACK 4
#define NLM_F_REPLACE 0x100
#define NLM_F_EXCL 0x200
#define NLM_F_CREATE 0x400
#define NLMSG_ERROR 2
#define RTM_NEWLINK 16
#define RTM_SETLINK 19
#define IFLA_IFNAME 3

static unsigned seq;

/* Sends one link request and says what came back: the ack's error. */
static void link_request(int s, const char *label, unsigned short type, unsigned short flags, int index,
			 unsigned ifi_flags, unsigned change, const char *name, unsigned body_len)
{
	struct {
		struct nl_hdr h;
		struct if_info i;
		struct rt_attr a;
		char name[16];
	} req;
	memset(&req, 0, sizeof req);
	req.i = (struct if_info){.family = AF_UNSPEC, .index = index, .flags = ifi_flags, .change = change};
	unsigned len = sizeof req.h + body_len;
	if (name) {
		req.a = (struct rt_attr){(unsigned short)(sizeof req.a + strlen(name) + 1), IFLA_IFNAME};
		strcpy(req.name, name);
		len = sizeof req.h + sizeof req.i + ((req.a.len + 3u) & ~3u);
	}
	req.h = (struct nl_hdr){len, type, (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags), ++seq, 0};
	struct nl_addr kernel = {.family = AF_NETLINK};
	sendto(s, &req, len, 0, (struct sockaddr *)&kernel, sizeof kernel);
	unsigned char buf[512];
	ssize_t n = recv(s, buf, sizeof buf, 0);
	struct nl_hdr h;
	memcpy(&h, buf, sizeof h);
	int err = 0;
	memcpy(&err, buf + sizeof h, sizeof err);
	say("%s: %zd bytes, type %u seq ok %d, %s", label, n, h.type, h.seq == seq, h.type == NLMSG_ERROR ? "" : "?");
	say("%s\n", h.type == NLMSG_ERROR ? (err ? errname(-err) : "ack") : "");
}

static void show_lo(const char *label)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	close(s);
	say("  %s: lo is %s\n", label, (ifr.ifr_flags & IFF_UP) ? "up" : "down");
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int s = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	unsigned body = sizeof(struct if_info);
	link_request(s, "ip link set lo down", RTM_NEWLINK, 0, 1, 0, IFF_UP, NULL, body);
	show_lo("after it");
	link_request(s, "ip link set lo up", RTM_NEWLINK, 0, 1, IFF_UP, IFF_UP, NULL, body);
	show_lo("after it");
	link_request(s, "RTM_SETLINK down by name", RTM_SETLINK, 0, 0, 0, IFF_UP, "lo", body);
	show_lo("after it");
	link_request(s, "RTM_SETLINK up, no change mask", RTM_SETLINK, 0, 1, IFF_UP, 0, NULL, body);
	show_lo("after it");
	link_request(s, "RTM_NEWLINK with nothing to change", RTM_NEWLINK, 0, 1, 0, 0, NULL, body);
	show_lo("after it");

	link_request(s, "RTM_NEWLINK index 99", RTM_NEWLINK, 0, 99, 0, IFF_UP, NULL, body);
	link_request(s, "RTM_NEWLINK name eth9", RTM_NEWLINK, 0, 0, 0, IFF_UP, "eth9", body);
	link_request(s, "RTM_SETLINK index 99", RTM_SETLINK, 0, 99, 0, IFF_UP, NULL, body);
	link_request(s, "RTM_SETLINK naming nothing", RTM_SETLINK, 0, 0, 0, IFF_UP, NULL, body);
	link_request(s, "RTM_NEWLINK naming nothing", RTM_NEWLINK, 0, 0, 0, IFF_UP, NULL, body);
	link_request(s, "RTM_NEWLINK create dummy9 (no kind)", RTM_NEWLINK, NLM_F_CREATE, 0, 0, 0, "dummy9", body);
	link_request(s, "RTM_NEWLINK NLM_F_EXCL on lo", RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 1, 0, 0, NULL, body);
	link_request(s, "RTM_NEWLINK NLM_F_REPLACE on lo", RTM_NEWLINK, NLM_F_REPLACE, 1, 0, 0, NULL, body);
	link_request(s, "RTM_NEWLINK with a short body", RTM_NEWLINK, 0, 1, 0, 0, NULL, 4);
	show_lo("after the errors");

	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534) < 0)
			_exit(1);
		link_request(s, "unprivileged ip link set lo down", RTM_NEWLINK, 0, 1, 0, IFF_UP, NULL, body);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	show_lo("after the unprivileged request");
	close(s);
	say("done\n");
	return 0;
}
