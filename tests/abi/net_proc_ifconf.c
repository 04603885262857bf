/*
 * net_proc_ifconf.c — what tools read about the loopback: SIOCGIFCONF (the
 * length with no buffer, then lo and 127.0.0.1), SIOCGIFINDEX, SIOCGIFNAME,
 * if_nametoindex and if_indextoname; /proc/net/tcp (the header, each line's
 * width, a listener with one connection queued, both ends of a connection
 * with unread bytes, the inode against fstat, TIME_WAIT after the server
 * closes first) and /proc/net/udp (a bound and a connected socket). Lines
 * are found by port and only the columns Linux fixes are printed.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/stat.h>

#include "inet_test.h"

static char text[65536];

/* The header, whether every line has the same width, and the lines whose local or
 * remote port is one of ports (0-terminated) with the port shown as its index. */
static void show_table_only(const char *path, const int *ports, int inode_fd, unsigned only_state, int only_local);

/* Waits (up to 10 s) until no row of /proc/net/tcp with local port lport
 * is in SYN_RECV (03): Linux queues a child for accept before it sets it
 * ESTABLISHED (inet_csk_complete_hashdance, then tcp_child_process), so
 * with two CPUs a listener can poll readable while its child is still 03. */
static void wait_not_syn_recv(int lport)
{
	char key[16];
	snprintf(key, sizeof key, ":%04X ", lport);
	for (int i = 0; i < 1000; i++) {
		if (slurp_file("/proc/net/tcp", text, sizeof text) < 0)
			return;
		int syn_recv = 0;
		for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
			char *p = strstr(line, key);
			if (p && p - line < 24 && strncmp(p + 19, " 03 ", 4) == 0)
				syn_recv = 1;
		}
		if (!syn_recv)
			return;
		usleep(10000);
	}
}

static void show_table(const char *path, const int *ports, int inode_fd)
{
	show_table_only(path, ports, inode_fd, 0, -1);
}

/* Only rows in only_state (0: any) whose local port is ports[only_local] (-1: any). */
static void show_table_only(const char *path, const int *ports, int inode_fd, unsigned only_state, int only_local)
{
	if (slurp_file(path, text, sizeof text) < 0) {
		say("%s: %s\n", path, errname(errno));
		return;
	}
	char *line = text, *nl = strchr(line, '\n');
	size_t width = nl ? (size_t)(nl - line) : 0;
	say("%s header: '%.*s' (width %zu)\n", path, (int)width, line, width);
	int same = 1, shown = 0;
	char rows[16][160];
	for (line = nl + 1; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		if ((size_t)(nl - line) != width)
			same = 0;
		unsigned sl, la, lp, ra, rp, st, txq, rxq, uid;
		unsigned long ino;
		if (sscanf(line, "%u: %X:%X %X:%X %X %X:%X %*X:%*X %*X %u %*d %lu", &sl, &la, &lp, &ra, &rp, &st, &txq,
			   &rxq, &uid, &ino) != 10)
			continue;
		int li = -1, ri = -1;
		for (int i = 0; ports[i]; i++) {
			if ((int)lp == ports[i])
				li = i;
			if ((int)rp == ports[i])
				ri = i;
		}
		if ((li < 0 && ri < 0) || (only_state && st != only_state) || (only_local >= 0 && li != only_local))
			continue;
		struct stat sb = {0};
		if (inode_fd >= 0)
			fstat(inode_fd, &sb);
		if (shown < 16)
			snprintf(rows[shown++], sizeof rows[0],
				 "%08X:port%d %08X:%s%d st %02X tx %u rx %u uid %u inode is nonzero %d, is the fd's %d",
				 la, li, ra, ri < 0 ? "" : "port", ri < 0 ? (int)rp : ri, st, txq, rxq, uid, ino != 0,
				 ino == (unsigned long)sb.st_ino);
	}
	/* the kernels list in different orders (hash buckets): sort */
	for (int i = 0; i < shown; i++)
		for (int j = i + 1; j < shown; j++)
			if (strcmp(rows[i], rows[j]) > 0) {
				char tmp[160];
				memcpy(tmp, rows[i], sizeof tmp);
				memcpy(rows[i], rows[j], sizeof tmp);
				memcpy(rows[j], tmp, sizeof tmp);
			}
	for (int i = 0; i < shown; i++)
		say("  %s\n", rows[i]);
	say("every line as wide as the header: %d\n", same);
}

int main(void)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(u, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	show_ret("lo up", ioctl(u, SIOCSIFFLAGS, &ifr), errno);

	struct ifconf ifc = {.ifc_len = 0, .ifc_buf = NULL};
	show_ret("SIOCGIFCONF without a buffer", ioctl(u, SIOCGIFCONF, &ifc), errno);
	say("the length it needs: %d (one ifreq is %zu)\n", ifc.ifc_len, sizeof(struct ifreq));
	struct ifreq reqs[4];
	memset(reqs, 0x55, sizeof reqs);
	ifc.ifc_len = sizeof reqs;
	ifc.ifc_req = reqs;
	show_ret("SIOCGIFCONF", ioctl(u, SIOCGIFCONF, &ifc), errno);
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
		struct sockaddr_in *a = (struct sockaddr_in *)&reqs[i].ifr_addr;
		say("  %s family %d %s\n", reqs[i].ifr_name, a->sin_family, inet_ntoa(a->sin_addr));
	}
	ifc.ifc_len = sizeof(struct ifreq) - 1;
	ioctl(u, SIOCGIFCONF, &ifc);
	say("SIOCGIFCONF with too little room: %d\n", ifc.ifc_len);
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	show_ret("SIOCGIFINDEX lo", ioctl(u, SIOCGIFINDEX, &ifr), errno);
	say("  index %d\n", ifr.ifr_ifindex);
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_ifindex = 1;
	show_ret("SIOCGIFNAME 1", ioctl(u, SIOCGIFNAME, &ifr), errno);
	say("  name %s\n", ifr.ifr_name);
	ifr.ifr_ifindex = 77;
	expect_err("SIOCGIFNAME 77", ioctl(u, SIOCGIFNAME, &ifr), errno, ENODEV);
	char name[IF_NAMESIZE] = "";
	say("if_nametoindex(lo) %u, if_nametoindex(eth9) %u, if_indextoname(1) %s\n", if_nametoindex("lo"),
	    if_nametoindex("eth9"), if_indextoname(1, name) ? name : "NULL");

	int l = inet_listener(0, 4, 0);
	int lp = port_of(l);
	int c = inet_dial(lp);
	int cp = port_of(c);
	int ports[] = {lp, cp, 0};
	/* Handshakes, not timing: with two CPUs Linux may still hold the
	 * server's end in SYN_RECV when connect returns (the client's last ACK
	 * not yet processed) and the 5 bytes in flight after send; the
	 * listener polls readable once the connection is queued, the server's
	 * end once the bytes are there. */
	struct pollfd ready = {.fd = l, .events = POLLIN};
	poll(&ready, 1, -1);
	wait_not_syn_recv(lp);
	say("a listener with one connection queued:\n");
	show_table("/proc/net/tcp", ports, l);
	int s = accept(l, NULL, NULL);
	send(c, "12345", 5, 0);
	ready.fd = s;
	poll(&ready, 1, -1);
	say("both ends, 5 bytes unread at the server:\n");
	show_table("/proc/net/tcp", ports, -1);
	close(l);
	close(s); /* unread data: a reset, no TIME_WAIT */
	char b[8];
	recv(c, b, sizeof b, 0);
	close(c);
	say("after a reset:\n");
	show_table("/proc/net/tcp", ports, -1);

	l = inet_listener(0, 4, 0);
	lp = port_of(l);
	c = inet_dial(lp);
	cp = port_of(c);
	s = accept(l, NULL, NULL);
	close(l);
	close(s); /* the server closes first */
	recv(c, b, sizeof b, 0);
	int ports2[] = {lp, cp, 0};
	say("the server closed first, the client read the end of file (its row; the server's is in FIN_WAIT1 or 2):\n");
	show_table_only("/proc/net/tcp", ports2, -1, 0, 1);
	close(c);
	say("then the client closed (the TIME_WAIT rows):\n");
	show_table_only("/proc/net/tcp", ports2, -1, 6, -1);

	int d = socket(AF_INET, SOCK_DGRAM, 0), e = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a0 = sin_of("127.0.0.1", 0);
	bind(d, (struct sockaddr *)&a0, sizeof a0);
	struct sockaddr_in any = sin_of("0.0.0.0", 0);
	bind(e, (struct sockaddr *)&any, sizeof any);
	struct sockaddr_in dto = sin_of("127.0.0.1", port_of(d));
	connect(e, (struct sockaddr *)&dto, sizeof dto);
	int uports[] = {port_of(d), port_of(e), 0};
	show_table("/proc/net/udp", uports, d);
	done();
	return 0;
}
