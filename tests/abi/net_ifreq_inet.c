/*
 * net_ifreq_inet.c — the ifreq requests ifconfig(8) makes about lo besides
 * its flags: SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFDSTADDR
 * (127.0.0.1, 255.0.0.0, 0.0.0.0, 127.0.0.1 once lo came up, and still
 * after it goes down again: Linux keeps the address), SIOCGIFHWADDR (ARPHRD_LOOPBACK, six zero bytes),
 * SIOCGIFMETRIC and SIOCGIFMAP (zero), each also for a device that does not
 * exist (ENODEV); lo is taken down and up again on the way, and the address
 * stays after down. Then /proc/net/dev's header and lo's line after a UDP
 * datagram to itself (the counters move by the same amount on both sides).
 */
#define _GNU_SOURCE
#include <net/if_arp.h>

#include "inet_test.h"

static void show_inet(const char *label, unsigned long cmd, const char *name)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
	if (ioctl(s, cmd, &ifr) < 0) {
		say("%s %s: %s\n", label, name, errname(errno));
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ifr.ifr_addr;
		say("%s %s: family %d %s\n", label, name, a->sin_family, inet_ntoa(a->sin_addr));
	}
	close(s);
}

static void show_all(const char *when)
{
	say("-- %s\n", when);
	show_inet("SIOCGIFADDR", SIOCGIFADDR, "lo");
	show_inet("SIOCGIFNETMASK", SIOCGIFNETMASK, "lo");
	show_inet("SIOCGIFBRDADDR", SIOCGIFBRDADDR, "lo");
	show_inet("SIOCGIFDSTADDR", SIOCGIFDSTADDR, "lo");
}

int main(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	say("SIOCGIFHWADDR: %s\n", errname(ioctl(s, SIOCGIFHWADDR, &ifr) < 0 ? errno : 0));
	say("hw family %d (ARPHRD_LOOPBACK %d), bytes", ifr.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
	for (int i = 0; i < 6; i++)
		say(" %02x", (unsigned char)ifr.ifr_hwaddr.sa_data[i]);
	say("\n");
	memset(&ifr.ifr_ifru, 0x5a, sizeof ifr.ifr_ifru);
	say("SIOCGIFMETRIC: %s metric %d\n", errname(ioctl(s, SIOCGIFMETRIC, &ifr) < 0 ? errno : 0), ifr.ifr_metric);
	memset(&ifr.ifr_ifru, 0x5a, sizeof ifr.ifr_ifru);
	int map_ok = ioctl(s, SIOCGIFMAP, &ifr) == 0;
	say("SIOCGIFMAP: %s mem %lx-%lx base %x irq %d dma %d port %d\n", map_ok ? "ok" : errname(errno),
	    ifr.ifr_map.mem_start, ifr.ifr_map.mem_end, ifr.ifr_map.base_addr, ifr.ifr_map.irq, ifr.ifr_map.dma,
	    ifr.ifr_map.port);
	strcpy(ifr.ifr_name, "nosuch0");
	long r = ioctl(s, SIOCGIFHWADDR, &ifr);
	expect_err("SIOCGIFHWADDR nosuch0", r, errno, ENODEV);
	r = ioctl(s, SIOCGIFMETRIC, &ifr);
	expect_err("SIOCGIFMETRIC nosuch0", r, errno, ENODEV);
	show_inet("SIOCGIFNETMASK", SIOCGIFNETMASK, "nosuch0");

	say("lo up: %d\n", lo_up());
	show_all("up");
	say("lo down: %d\n", lo_set(0));
	show_all("down again");
	say("lo up: %d\n", lo_up());

	char before[4096], after[4096];
	slurp_file("/proc/net/dev", before, sizeof before);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 0);
	bind(u, (struct sockaddr *)&a, sizeof a);
	a.sin_port = htons(port_of(u));
	say("sendto: %zd\n", sendto(u, "hello", 5, 0, (struct sockaddr *)&a, sizeof a));
	char got[8];
	say("recv: %zd\n", recv(u, got, sizeof got, 0));
	slurp_file("/proc/net/dev", after, sizeof after);
	char *l1 = strchr(after, '\n'), *l2 = l1 ? strchr(l1 + 1, '\n') : NULL;
	if (l2)
		say("header: %.*s\n", (int)(l2 - after), after);
	unsigned long long b[16], c[16];
	char *lo_before = strstr(before, "lo:"), *lo_after = strstr(after, "lo:");
	int nb = 0, na = 0;
	if (lo_before && lo_after) {
		nb = sscanf(lo_before + 3,
			    "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &b[0],
			    &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7], &b[8], &b[9], &b[10], &b[11], &b[12],
			    &b[13], &b[14], &b[15]);
		na = sscanf(lo_after + 3,
			    "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &c[0],
			    &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &c[9], &c[10], &c[11], &c[12],
			    &c[13], &c[14], &c[15]);
	}
	say("lo fields: %d %d\n", nb, na);
	if (nb == 16 && na == 16) {
		/* one datagram of 5 bytes: 20 + 8 + 5 bytes, received and sent */
		say("rx bytes +%llu packets +%llu, tx bytes +%llu packets +%llu\n", c[0] - b[0], c[1] - b[1],
		    c[8] - b[8], c[9] - b[9]);
		/* deltas: a test before this one in the same boot may have left
		 * drops on lo (Linux counted one once in a batch) */
		int unchanged = 1;
		for (int i = 2; i < 8; i++)
			unchanged &= c[i] == b[i];
		for (int i = 10; i < 16; i++)
			unchanged &= c[i] == b[i];
		say("other counters unchanged: %s\n", unchanged ? "yes" : "no");
	}
	say("done\n");
	return 0;
}
