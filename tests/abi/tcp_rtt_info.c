/*
 * tcp_rtt_info.c — TCP's round-trip estimate as TCP_INFO shows it (tcp(7);
 * RFC 6298; Linux tcp_rtt_estimator, tcp_set_rto, tcp_get_info): a socket
 * without a sample has tcpi_rto 1 s, tcpi_rtt 0 and tcpi_rttvar 250 ms; a
 * listener shows its accept queue and backlog in tcpi_unacked and
 * tcpi_sacked and nothing of the estimate;
 * after a connection and some ping-pong both ends have a round-trip time
 * (a loopback's: under 100 ms) and an RTO of that plus Linux's 200 ms
 * floor; /proc/net/snmp's RetransSegs moves by fewer than 16 over a 1 MiB
 * transfer (the loopback loses nothing; a loaded host may make Linux's RTO
 * fire spuriously: once in a run with two CPUs, three times in another;
 * a storm would be hundreds). Exact times differ by kernel and host, so
 * only ranges are printed.
 */
#define _GNU_SOURCE
#include <netinet/tcp.h>
#include <sys/wait.h>

#include "inet_test.h"

#include <poll.h>

static void show_info(const char *label, int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	memset(&ti, 0, sizeof ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: state %u, unacked %u, sacked %u, rto %s, rtt %s, rttvar %s\n", label, ti.tcpi_state,
	    ti.tcpi_state == 10 ? ti.tcpi_unacked : 0, ti.tcpi_state == 10 ? ti.tcpi_sacked : 0,
	    ti.tcpi_rto == 0				    ? "0"
	    : ti.tcpi_rto == 1000000			    ? "1 s"
	    : ti.tcpi_rto >= 200000 && ti.tcpi_rto < 300000 ? "in [200, 300) ms"
							    : "OUT OF RANGE",
	    ti.tcpi_rtt == 0	   ? "0"
	    : ti.tcpi_rtt < 100000 ? "in (0, 100) ms"
				   : "OUT OF RANGE",
	    ti.tcpi_rttvar == 250000  ? "250 ms"
	    : ti.tcpi_rttvar < 100000 ? "under 100 ms"
				      : "OUT OF RANGE");
}

static unsigned long retrans_segs(void)
{
	FILE *f = fopen("/proc/net/snmp", "r");
	char names[1024], values[1024];
	unsigned long v = ~0ul;
	while (f && fgets(names, sizeof names, f) && fgets(values, sizeof values, f)) {
		if (strncmp(names, "Tcp:", 4) != 0)
			continue;
		char *sn, *sv;
		char *n = strtok_r(names, " \n", &sn), *val = strtok_r(values, " \n", &sv);
		for (; n && val; n = strtok_r(NULL, " \n", &sn), val = strtok_r(NULL, " \n", &sv)) {
			if (strcmp(n, "RetransSegs") == 0)
				v = strtoul(val, NULL, 10);
		}
	}
	if (f)
		fclose(f);
	return v;
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	unsigned long retrans0 = retrans_segs();
	int l = inet_listener(0, 4, 0);
	show_info("listener", l);
	int fresh = socket(AF_INET, SOCK_STREAM, 0);
	show_info("a fresh socket", fresh);
	close(fresh);
	int c = inet_dial(port_of(l));
	struct pollfd queued = {l, POLLIN, 0}; /* Linux may take the final ACK on another CPU after connect returns */
	poll(&queued, 1, 10000);
	show_info("listener with one connection queued", l);
	int a = accept(l, NULL, NULL);
	char byte = 'x';
	for (int i = 0; i < 20; i++) { /* ping-pong: samples on both ends */
		write(c, &byte, 1);
		read(a, &byte, 1);
		write(a, &byte, 1);
		read(c, &byte, 1);
	}
	show_info("client after 20 round trips", c);
	show_info("server after 20 round trips", a);

	static char buf[65536];
	size_t total = 0;
	if (fork() == 0) {
		for (int i = 0; i < 16; i++)
			write(c, buf, sizeof buf);
		_exit(0);
	}
	while (total < 16 * sizeof buf) {
		ssize_t n = read(a, buf, sizeof buf);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
	wait(NULL);
	say("received %zu bytes\n", total);
	show_info("client after 1 MiB", c);
	/* a loaded host may delay the receiver past the 200 ms RTO on Linux: a
	 * few spurious retransmissions, never a storm */
	say("RetransSegs moved by fewer than 16: %s\n", retrans_segs() - retrans0 < 16 ? "yes" : "no");
	close(a);
	close(c);
	close(l);
	say("done\n");
	return 0;
}
