/*
 * net_snmp.c — /proc/net/snmp (net/ipv4/proc.c snmp_seq_show): its header
 * lines and fixed values, and how the Ip, Tcp and Udp counters move for
 * known exchanges over the loopback: a TCP connection with a request and a
 * reply and an orderly close, a connect refused, a connection reset by a
 * close with unread data, UDP datagrams to an open and a closed port. Only
 * differences between two reads are printed (the counters are global).
 * Segments are not counted across the orderly close: Linux delays the ACK
 * of a FIN (pingpong mode) and it goes with the reader's own FIN only if
 * that comes within 40 ms, which depends on the host's load.
 */
#define _GNU_SOURCE
#include "inet_test.h"

#define MAX_FIELDS 40

struct table {
	char names[MAX_FIELDS][24];
	long values[MAX_FIELDS];
	int n;
};

struct snmp {
	struct table ip, tcp, udp;
};

/* Fills t from the two lines of /proc/net/snmp that start with prefix. */
static void parse_table(const char *text, const char *prefix, struct table *t)
{
	size_t plen = strlen(prefix);
	const char *names = NULL, *values = NULL;
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, prefix, plen) != 0)
			continue;
		if (!names)
			names = line + plen;
		else if (!values)
			values = line + plen;
	}
	t->n = 0;
	if (!names || !values)
		return;
	while (t->n < MAX_FIELDS) {
		int used = 0, used2 = 0;
		if (sscanf(names, " %23[A-Za-z]%n", t->names[t->n], &used) != 1 ||
		    sscanf(values, " %ld%n", &t->values[t->n], &used2) != 1)
			break;
		names += used;
		values += used2;
		t->n++;
	}
}

static void read_snmp(struct snmp *s)
{
	static char buf[8192];
	ssize_t n = slurp_file("/proc/net/snmp", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	parse_table(buf, "Ip:", &s->ip);
	parse_table(buf, "Tcp:", &s->tcp);
	parse_table(buf, "Udp:", &s->udp);
}

static long value(const struct table *t, const char *name)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->names[i], name) == 0)
			return t->values[i];
	return -999999;
}

/* Prints the named counters' change from a to b, "-" ending the list. */
static void show_delta(const char *label, const struct table *a, const struct table *b, const char *const *names)
{
	say("%s:", label);
	for (; *names; names++)
		say(" %s %+ld", *names, value(b, *names) - value(a, *names));
	say("\n");
}

static const char *const ip_names[] = {"InReceives", "InDelivers", "OutRequests", NULL};
static const char *const tcp_names[] = {"ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets", "CurrEstab",
					"InSegs",      "OutSegs",      "RetransSegs",  "InErrs",      "OutRsts",
					NULL};
static const char *const tcp_state_names[] = {"ActiveOpens", "PassiveOpens", "AttemptFails",
					      "EstabResets", "CurrEstab",    NULL};
static const char *const udp_names[] = {"InDatagrams", "NoPorts", "InErrors", "OutDatagrams", "RcvbufErrors", NULL};

/* with_segs: the Ip counters and TCP's segment counts too */
static void show_all(const char *label, const struct snmp *a, const struct snmp *b, int with_segs)
{
	char l[96];
	if (with_segs) {
		snprintf(l, sizeof l, "%s Ip", label);
		show_delta(l, &a->ip, &b->ip, ip_names);
	}
	snprintf(l, sizeof l, "%s Tcp", label);
	show_delta(l, &a->tcp, &b->tcp, with_segs ? tcp_names : tcp_state_names);
	snprintf(l, sizeof l, "%s Udp", label);
	show_delta(l, &a->udp, &b->udp, udp_names);
}

static void fixed_columns(void)
{
	static char buf[8192];
	ssize_t n = slurp_file("/proc/net/snmp", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	/* the header lines, and the values that are not counters */
	for (char *line = buf; *line;) {
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = 0;
		/* a line of names; IcmpMsg is there only once some ICMP message went */
		if (!strchr(line, '0') && !strchr(line, '1') && !strchr(line, '2') && strncmp(line, "IcmpMsg:", 8) != 0)
			say("%s\n", line);
		line = end + 1;
	}
	struct snmp s;
	read_snmp(&s);
	say("Ip Forwarding %ld DefaultTTL %ld\n", value(&s.ip, "Forwarding"), value(&s.ip, "DefaultTTL"));
	say("Tcp RtoAlgorithm %ld RtoMin %ld RtoMax %ld MaxConn %ld\n", value(&s.tcp, "RtoAlgorithm"),
	    value(&s.tcp, "RtoMin"), value(&s.tcp, "RtoMax"), value(&s.tcp, "MaxConn"));
}

static void tcp_exchange(void)
{
	struct snmp a, b, c;
	read_snmp(&a);
	int l = inet_listener(0, 4, 0);
	int port = port_of(l);
	int cl = inet_dial(port);
	int s = accept(l, NULL, NULL);
	read_snmp(&b);
	show_all("connected", &a, &b, 1);
	char buf[16];
	write(cl, "hello", 5);
	read(s, buf, sizeof buf);
	write(s, "world", 5);
	read(cl, buf, sizeof buf);
	read_snmp(&c);
	show_all("request and reply", &b, &c, 1);
	close(cl);
	read(s, buf, sizeof buf); /* end of file */
	close(s);
	close(l);
	read_snmp(&b);
	show_all("orderly close", &c, &b, 0);

	/* refused */
	read_snmp(&a);
	int r = inet_dial(port);
	say("connect to the closed port: %s\n", r < 0 ? errname(-r) : "connected?");
	read_snmp(&b);
	show_all("refused", &a, &b, 1);

	/* reset: the server closes with unread data */
	l = inet_listener(0, 4, 0);
	port = port_of(l);
	cl = inet_dial(port);
	s = accept(l, NULL, NULL);
	write(cl, "unread", 6);
	read_snmp(&a);
	close(s);
	say("write after the reset: %s\n", write(cl, "x", 1) < 0 ? errname(errno) : "ok");
	say("read after the reset: %s\n", read(cl, buf, sizeof buf) < 0 ? errname(errno) : "ok");
	close(cl);
	close(l);
	read_snmp(&b);
	show_all("reset", &a, &b, 1);
}

static void udp_exchange(void)
{
	struct snmp a, b;
	int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = sin_of("127.0.0.1", 0);
	bind(u, (struct sockaddr *)&any, sizeof any);
	struct sockaddr_in to = sin_of("127.0.0.1", port_of(u));
	read_snmp(&a);
	for (int i = 0; i < 3; i++)
		sendto(v, "d", 1, 0, (struct sockaddr *)&to, sizeof to);
	char buf[4];
	for (int i = 0; i < 3; i++)
		recv(u, buf, sizeof buf, 0);
	read_snmp(&b);
	show_all("three datagrams", &a, &b, 1);
	close(u);
	read_snmp(&a);
	sendto(v, "d", 1, 0, (struct sockaddr *)&to, sizeof to);
	read_snmp(&b);
	show_all("a datagram to a closed port", &a, &b, 0); /* Linux answers with ICMP: Ip not compared */
	close(v);
}

int main(void)
{
	lo_up();
	fixed_columns();
	tcp_exchange();
	udp_exchange();
	done();
}
