/*
 * tcp_linger.c — SO_LINGER on TCP close (socket(7), tcp_close): with a zero
 * linger time the connection is reset instead of closed (the peer reads what
 * had arrived, then ECONNRESET) and leaves no TIME_WAIT, so the port can be
 * bound again at once without SO_REUSEADDR; with a nonzero time, close
 * sends the data and the FIN as usual (the peer reads the data, then end of
 * file) and the closing side's port is held by TIME_WAIT.
 */
#define _GNU_SOURCE
#include "inet_test.h"

/* A connected pair on 127.0.0.1: *server accepted from a listener (closed). */
static int pair(int *server, int *port)
{
	int l = inet_listener(0, 4, 0);
	*port = port_of(l);
	int c = inet_dial(*port);
	*server = accept(l, NULL, NULL);
	close(l);
	return c;
}

static void show_read(const char *label, int fd)
{
	char buf[32];
	long n = read(fd, buf, sizeof buf);
	if (n < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %ld '%.*s'\n", label, n, (int)n, buf);
}

static void rebind(const char *label, int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	show_ret(label, bind(s, (struct sockaddr *)&a, sizeof a), errno);
	close(s);
}

int main(void)
{
	lo_up();
	int s, port;
	int c = pair(&s, &port);
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	show_ret("SO_LINGER {1, 0}", setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), errno);
	write(s, "lost?", 5);
	close(s);
	show_read("the peer reads after a zero-linger close", c);
	show_read("and again", c);
	close(c);
	rebind("bind the server's port again, no SO_REUSEADDR", port);

	c = pair(&s, &port);
	lg.l_linger = 5;
	show_ret("SO_LINGER {1, 5}", setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), errno);
	write(s, "kept", 4);
	show_ret("close with a linger time", close(s), errno);
	show_read("the peer reads", c);
	show_read("then", c);
	close(c);
	rebind("bind the server's port again (TIME_WAIT)", port);
	done();
	return 0;
}
