/* tcp_timewait_port_reuse: connect's ephemeral port (__inet_hash_connect)
 * with ip_local_port_range narrowed to one port — two connections to two
 * listeners share it (their four-tuples differ), a third to the first
 * listener finds none (EADDRNOTAVAIL); once the first is in TIME_WAIT on
 * the client, a connect to the same listener takes the TIME_WAIT record
 * over after a second (net.ipv4.tcp_tw_reuse 2: loopback, timestamps);
 * bind to port 0 finds the port taken (EADDRINUSE). */
#include "inet_test.h"

#include <fcntl.h>

#define RANGE "/proc/sys/net/ipv4/ip_local_port_range"

static void write_range(const char *text)
{
	int fd = open(RANGE, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		say("write %s: %s\n", RANGE, errname(errno));
	if (fd >= 0)
		close(fd);
}

static int range_port; /* the range's one port: another for each run, as runs may share a boot */

static int dial(int port, int *client_port)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (connect(c, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		close(c);
		errno = e;
		return -1;
	}
	*client_port = port_of(c);
	return c;
}

int main(void)
{
	lo_up();
	int l1 = inet_listener(0, 8, 1), l2 = inet_listener(0, 8, 1);
	int port1 = port_of(l1), port2 = port_of(l2);
	char old[64] = {0};
	int fd = open(RANGE, O_RDONLY);
	if (fd < 0 || read(fd, old, sizeof old - 1) < 0)
		say("read %s: %s\n", RANGE, errname(errno));
	if (fd >= 0)
		close(fd);
	range_port = 45000 + getpid() % 1000;
	char range[32];
	snprintf(range, sizeof range, "%d %d", range_port, range_port);
	write_range(range);
	int p1 = 0, p2 = 0, p3 = 0;
	int c1 = dial(port1, &p1);
	show_ret("connect to the first listener", c1 < 0 ? -1 : 0, errno);
	say("  from the range's port: %s\n", p1 == range_port ? "yes" : "no");
	int c2 = dial(port2, &p2);
	show_ret("connect to the second listener", c2 < 0 ? -1 : 0, errno);
	say("  from the range's port: %s\n", p2 == range_port ? "yes" : "no");
	int c3 = dial(port1, &p3);
	expect_err("connect to the first listener again", c3, errno, EADDRNOTAVAIL);
	int b = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in any = sin_of("0.0.0.0", 0);
	expect_err("bind to port 0", bind(b, (struct sockaddr *)&any, sizeof any), errno, EADDRINUSE);
	close(b);
	/* the client closes first: its end goes to TIME_WAIT once the server's FIN comes */
	int a1 = accept(l1, NULL, NULL);
	close(c1);
	char buf[8];
	show_ret("server reads end of file", read(a1, buf, sizeof buf), errno);
	close(a1);
	usleep(200000);
	sleep(2); /* tcp_twsk_unique: a second must tick since the last timestamp */
	int c4 = dial(port1, &p3);
	show_ret("connect to the first listener after TIME_WAIT", c4 < 0 ? -1 : 0, errno);
	say("  from the range's port: %s\n", p3 == range_port ? "yes" : "no");
	if (c4 >= 0) {
		int a4 = accept(l1, NULL, NULL);
		show_ret("  send on it", write(c4, "hi", 2), errno);
		show_ret("  the server reads", read(a4, buf, sizeof buf), errno);
		close(c4);
		close(a4);
	}
	close(c2);
	close(l1);
	close(l2);
	write_range(old);
	say("done\n");
	return 0;
}
