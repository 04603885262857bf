/*
 * tcp_urgent.c — TCP urgent data as Linux delivers it (tcp(7) "Out of band
 * data", tcp_recv_urg, tcp_check_urg): send(MSG_OOB) makes its last byte
 * urgent; the receiver reads it alone with recv(MSG_OOB) (MSG_PEEK keeps
 * it, a second read is EINVAL), ordinary reads stop at the mark and step
 * over the urgent byte, SIOCATMARK says when the reader is at the mark,
 * poll shows POLLPRI, recvmsg's msg_flags has MSG_OOB. With SO_OOBINLINE
 * the byte stays in the stream (recv(MSG_OOB) is EINVAL) and reads still
 * stop at the mark. A newer urgent byte replaces one not read.
 */
#include "inet_test.h"

#include <poll.h>
#include <sys/uio.h>

static int at_mark(int s)
{
	int v = -1;
	if (ioctl(s, SIOCATMARK, &v) < 0)
		return -errno;
	return v;
}

static void rd(const char *what, int s, int flags)
{
	char buf[64];
	ssize_t n = recv(s, buf, sizeof buf, flags | MSG_DONTWAIT);
	if (n < 0)
		say("%s: %s\n", what, errname(errno));
	else
		say("%s: %zd \"%.*s\"\n", what, n, (int)n, buf);
}

static void pair(int l, int *c, int *a)
{
	*c = inet_dial(port_of(l));
	*a = accept(l, NULL, NULL);
}

/* Waits until the receiver has everything the sender wrote (a reply on the other direction). */
static void sync_bytes(int from, int to)
{
	char x;
	write(from, "!", 1);
	struct pollfd p = {.fd = to, .events = POLLIN};
	poll(&p, 1, 5000);
	(void)x;
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int l = inet_listener(0, 8, 0), c, a;
	pair(l, &c, &a);

	write(c, "ab", 2);
	say("send OOB: %zd\n", send(c, "c", 1, MSG_OOB));
	write(c, "de", 2);
	struct pollfd p = {.fd = a, .events = POLLIN | POLLPRI};
	say("poll: %d revents %#x\n", poll(&p, 1, 5000), p.revents);
	say("SIOCATMARK: %d\n", at_mark(a));
	rd("OOB peek", a, MSG_OOB | MSG_PEEK);
	char ob;
	struct iovec iov = {.iov_base = &ob, .iov_len = 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n = recvmsg(a, &mh, MSG_OOB);
	say("recvmsg OOB: %zd '%c' msg_flags MSG_OOB %d\n", n, n == 1 ? ob : '-', !!(mh.msg_flags & MSG_OOB));
	rd("OOB again", a, MSG_OOB);
	p.revents = 0;
	say("poll after: %d revents %#x\n", poll(&p, 1, 0), p.revents);
	rd("read", a, 0);
	say("SIOCATMARK: %d\n", at_mark(a));
	rd("read", a, 0);
	say("SIOCATMARK: %d\n", at_mark(a));
	rd("OOB past the mark", a, MSG_OOB);
	rd("nothing queued", a, 0);

	/* a normal read before the urgent byte was fetched steps over it too */
	send(c, "xyz", 3, MSG_OOB);
	write(c, "w", 1);
	sync_bytes(c, a);
	rd("read before OOB", a, 0);
	say("SIOCATMARK: %d\n", at_mark(a));
	rd("read at the mark", a, 0);
	rd("OOB after passing it", a, MSG_OOB);

	/* a second urgent byte replaces the first */
	send(c, "1", 1, MSG_OOB);
	send(c, "2", 1, MSG_OOB);
	sync_bytes(c, a);
	rd("OOB of two", a, MSG_OOB);
	rd("read", a, 0);
	rd("read", a, 0);
	close(a);
	close(c);

	/* SO_OOBINLINE: the byte stays in the stream */
	pair(l, &c, &a);
	int one = 1;
	setsockopt(a, SOL_SOCKET, SO_OOBINLINE, &one, sizeof one);
	int v = -1;
	socklen_t len = sizeof v;
	getsockopt(a, SOL_SOCKET, SO_OOBINLINE, &v, &len);
	say("SO_OOBINLINE: %d\n", v);
	write(c, "ab", 2);
	send(c, "c", 1, MSG_OOB);
	write(c, "de", 2);
	sync_bytes(c, a);
	rd("inline OOB", a, MSG_OOB);
	rd("inline read", a, 0);
	say("SIOCATMARK: %d\n", at_mark(a));
	rd("inline read", a, 0);
	say("SIOCATMARK: %d\n", at_mark(a));
	close(a);
	close(c);
	say("done\n");
	return 0;
}
