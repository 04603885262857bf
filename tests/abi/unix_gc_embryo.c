/*
 * unix_gc_embryo.c — the AF_UNIX collector walks the queues of connections
 * not yet accepted (Linux garbage.c scan_children): a client sends the
 * listener's own descriptor to its pending connection, then the listener's
 * descriptor and the client are closed — nothing but that message holds the
 * listener, and it goes from /proc/net/unix. A listener that is still open
 * is kept, and the descriptor is received once the connection is accepted.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/un.h>

#include "unix_test.h"

/* A listener on an abstract name made from tag and the pid. */
static int abstract_listener(const char *tag, struct sockaddr_un *addr, socklen_t *len)
{
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(addr, 0, sizeof *addr);
	addr->sun_family = AF_UNIX;
	int n = snprintf(addr->sun_path + 1, sizeof addr->sun_path - 1, "%s-%d", tag, (int)getpid());
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	if (bind(l, (struct sockaddr *)addr, *len) < 0 || listen(l, 4) < 0)
		say("listener: %s\n", errname(errno));
	return l;
}

/* A listener (*l) and a client connected to it, not yet accepted, that has
 * sent the listener's own descriptor: the client. */
static int embryo_holding_listener(const char *tag, const char *label, int *l)
{
	struct sockaddr_un addr;
	socklen_t len;
	*l = abstract_listener(tag, &addr, &len);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	show_ret("connect", connect(c, (struct sockaddr *)&addr, len), errno);
	show_ret(label, send_fd(c, *l), errno);
	return c;
}

int main(void)
{
	int l;
	int c = embryo_holding_listener("gc-embryo", "send the listener to its pending connection", &l);
	unsigned long gone[1] = {ino_of(l)};
	close(l);
	say("the listener is listed after its close: %d\n", listed(gone, 1));
	close(c);
	say("after the client's close and another: %d\n", listed_after_a_close(gone, 1));

	int l2;
	int c2 = embryo_holding_listener("gc-embryo-kept", "send an open listener to its pending connection", &l2);
	unsigned long kept[1] = {ino_of(l2)};
	close(c2);
	say("an open listener, after another close: %d\n", listed_after_a_close(kept, 1));
	int s = accept(l2, NULL, NULL);
	int got = recv_fd(s);
	say("accepted, and the descriptor received: %d\n", got >= 0);
	int v = 0;
	socklen_t vl = sizeof v;
	getsockopt(got, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
	say("it is the listener (SO_ACCEPTCONN %d)\n", v);
	close(got);
	close(s);
	close(l2);
	done();
	return 0;
}
