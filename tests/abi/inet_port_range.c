/*
 * inet_port_range.c — /proc/sys/net/ipv4/ip_local_port_range (ip-sysctl
 * docs, sysctl_net_ipv4.c ipv4_local_port_range): its default "32768\t60999",
 * writes Linux refuses with EINVAL (an upper end below the lower, a lower end
 * under 1024, 0, past 65535, not a number, three numbers), a write of a
 * narrow range read back, and ephemeral ports from that range for TCP
 * (connect, bind to port 0, listen on an unbound socket) and UDP (bind to
 * port 0, a send that autobinds). The default is written back at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>

#include "inet_test.h"

#define RANGE_FILE "/proc/sys/net/ipv4/ip_local_port_range"

static void show_range(const char *label)
{
	char text[64];
	if (slurp_file(RANGE_FILE, text, sizeof text) < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	for (char *p = text; *p; p++)
		if (*p == '\t')
			*p = '|'; /* show the tab */
	say("%s: %s", label, text);
}

/* write(2) of text to the file: its result. */
static void write_range(const char *label, const char *text)
{
	int fd = open(RANGE_FILE, O_WRONLY);
	if (fd < 0) {
		say("%s: open: %s\n", label, errname(errno));
		return;
	}
	long r = write(fd, text, strlen(text));
	show_ret(label, r, errno);
	close(fd);
}

static void in_range(const char *label, int fd)
{
	int port = port_of(fd);
	say("%s: in 40000..40009: %s\n", label, port >= 40000 && port <= 40009 ? "yes" : "no");
}

int main(void)
{
	lo_up();
	show_range("the default");
	write_range("50000 40000", "50000 40000");
	write_range("1000 2000", "1000 2000");
	write_range("0 5", "0 5");
	write_range("40000 70000", "40000 70000");
	write_range("abc", "abc");
	write_range("40000 40009 40010", "40000 40009 40010");
	write_range("40000x 40009", "40000x 40009");
	show_range("unchanged");
	write_range("40000 40009", "40000\t40009\n");
	show_range("now");

	int l = inet_listener(0, 8, 0);
	in_range("listener bound to port 0", l);
	int c = inet_dial(port_of(l));
	in_range("connect's local port", c);
	int s2 = socket(AF_INET, SOCK_STREAM, 0);
	listen(s2, 1);
	in_range("listen on an unbound socket", s2);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in any = sin_of("127.0.0.1", 0);
	show_ret("udp bind to port 0", bind(u, (struct sockaddr *)&any, sizeof any), errno);
	in_range("udp bound", u);
	int v = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = sin_of("127.0.0.1", port_of(u));
	show_ret("udp sendto from an unbound socket", sendto(v, "x", 1, 0, (struct sockaddr *)&to, sizeof to), errno);
	in_range("udp autobound", v);
	close(l);
	close(c);
	close(s2);
	close(u);
	close(v);

	write_range("one number: 45000", "45000");
	show_range("after one number");
	write_range("back to the default", "32768 60999");
	show_range("restored");
	done();
	return 0;
}
