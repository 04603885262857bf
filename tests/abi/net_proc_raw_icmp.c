/*
 * net_proc_raw_icmp.c — /proc/net/raw, raw6, icmp and icmp6 (Linux's
 * raw_seq_show, raw6_seq_show, ping_v4_seq_show, ping_v6_seq_show): the
 * headers, and a line for each raw socket (slot and local port = the
 * protocol, the bound and connected addresses, state 07 or 01) and each
 * ping socket with an identifier (the identifier as local port); a ping
 * socket without one is not listed. Each line's inode is the socket's own
 * (fstat); the slot's value (Linux mixes a per-namespace random hash into
 * it), the reference count, the kernel pointer (%pK: hashed) and the length
 * of an unpadded line (the inode's digits) are not compared, nor is
 * anything queued; /proc/net/icmp's padding to 127 columns is.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include "inet_test.h"

static struct {
	const char *name;
	unsigned long ino;
} socks[8];
static int nsocks;

static void remember(const char *name, int fd)
{
	struct stat st;
	fstat(fd, &st);
	socks[nsocks].name = name;
	socks[nsocks++].ino = (unsigned long)st.st_ino;
}

static const char *sock_name(unsigned long ino)
{
	for (int i = 0; i < nsocks; i++) {
		if (socks[i].ino == ino)
			return socks[i].name;
	}
	return "an unknown socket";
}

static void show(const char *path, int padded)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		say("%s: %s\n", path, errname(errno));
		return;
	}
	char line[512];
	say("%s:\n", path);
	for (int n = 0; fgets(line, sizeof line, f); n++) {
		if (n == 0) {
			say("  header (%zu bytes): %s", strlen(line), line);
			continue;
		}
		char sl[16], local[64], remote[64], st[8], queues[32], tr[32], retr[16], uid[16], timeout[16], ptr[32];
		unsigned long ino, drops;
		int ref;
		if (sscanf(line, "%15s %63s %63s %7s %31s %31s %15s %15s %15s %lu %d %31s %lu", sl, local, remote, st,
			   queues, tr, retr, uid, timeout, &ino, &ref, ptr, &drops) != 13) {
			say("  unparsed: %s", line);
			continue;
		}
		char width[32] = "";
		if (padded)
			snprintf(width, sizeof width, "%zu bytes, ", strlen(line));
		size_t colon = (size_t)(strchr(line, ':') - line);
		say("  %sslot in %zu columns: %s %s st %s queues %s %s %s uid %s timeout %s, %s, drops %lu\n", width,
		    colon, local, remote, st, queues, tr, retr, uid, timeout, sock_name(ino), drops);
	}
	fclose(f);
}

static void set_ping_range(const char *range)
{
	int fd = open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY);
	if (write(fd, range, strlen(range)) < 0)
		say("ping_group_range: %s\n", errname(errno));
	close(fd);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	show("/proc/net/raw", 0);
	show("/proc/net/icmp", 1);

	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	remember("the raw socket", raw);
	int bound = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	remember("the bound, connected raw socket", bound);
	struct sockaddr_in a = sin_of("127.0.0.1", 0), b = sin_of("127.0.0.2", 0);
	say("bind: %d\n", bind(bound, (struct sockaddr *)&a, sizeof a));
	say("connect: %d\n", connect(bound, (struct sockaddr *)&b, sizeof b));
	int raw6 = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	remember("the raw IPv6 socket", raw6);

	set_ping_range("0 0");
	int ping = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	remember("the bound ping socket", ping);
	struct sockaddr_in pa = sin_of("127.0.0.1", 0x1234);
	say("ping bind: %d\n", bind(ping, (struct sockaddr *)&pa, sizeof pa));
	int unbound = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	remember("the unbound ping socket", unbound);
	int ping6 = socket(AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6);
	remember("the ping IPv6 socket", ping6);
	struct sockaddr_in6 p6 = {
		.sin6_family = AF_INET6, .sin6_port = htons(0x4321), .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	say("ping6 bind: %d\n", bind(ping6, (struct sockaddr *)&p6, sizeof p6));

	show("/proc/net/raw", 0);
	show("/proc/net/raw6", 0);
	show("/proc/net/icmp", 1);
	show("/proc/net/icmp6", 0);

	close(raw);
	close(bound);
	close(raw6);
	close(ping);
	close(unbound);
	close(ping6);
	set_ping_range("1 0");
	show("/proc/net/raw", 0);
	show("/proc/net/icmp6", 0);
	say("done\n");
	return 0;
}
