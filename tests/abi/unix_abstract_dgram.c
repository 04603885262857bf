/*
 * unix_abstract_dgram.c — abstract AF_UNIX names and unconnected
 * datagrams (unix(7)): an abstract name (leading NUL) makes no file and is
 * EADDRINUSE while bound, free again once closed; autobind (bind with
 * only the family, or SO_PASSCRED before sending) gives a 5-hex-digit
 * abstract name; sendto/recvfrom carry the sender's address (none for an
 * unbound sender); a datagram socket connected elsewhere refuses others
 * (EPERM); connect(AF_UNSPEC) disconnects; sending to a closed socket is
 * ECONNREFUSED; EDESTADDRREQ/ENOTCONN without a destination; EMSGSIZE
 * beyond the send buffer; the abstract name in /proc/net/unix.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "lvtest.h"

static socklen_t abstract(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

static void show_from(const char *label, int fd)
{
	char buf[64];
	struct sockaddr_un from;
	memset(&from, 'x', sizeof from);
	socklen_t len = sizeof from;
	long n = recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	if (n < 0) {
		say("%s: -1 %s\n", label, errname(errno));
		return;
	}
	say("%s: %ld '%.*s' from len %u", label, n, (int)n, buf, len);
	if (len > 2 && len != 8) /* an autobound name is random: only its length */
		say(" name '%c%.*s'", from.sun_path[0] ? from.sun_path[0] : '@', (int)len - 3, from.sun_path + 1);
	say("\n");
}

int main(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = abstract(&a, "lv-abstract"), blen = abstract(&b, "lv-other");
	int s1 = socket(AF_UNIX, SOCK_DGRAM, 0);
	int s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	show_ret("bind abstract", bind(s1, (struct sockaddr *)&a, alen), errno);
	expect_err("bind the same abstract name", bind(s2, (struct sockaddr *)&a, alen), errno, EADDRINUSE);
	struct sockaddr_un got;
	socklen_t glen = sizeof got;
	getsockname(s1, (struct sockaddr *)&got, &glen);
	say("getsockname: len %u, same bytes %d\n", glen, glen == alen && !memcmp(&got, &a, alen));

	static char text[16384];
	slurp_file("/proc/net/unix", text, sizeof text);
	say("/proc/net/unix shows @lv-abstract: %d\n", strstr(text, " @lv-abstract\n") != NULL);

	show_ret("sendto from an unbound socket", sendto(s2, "anon", 4, 0, (struct sockaddr *)&a, alen), errno);
	show_from("recvfrom", s1);
	show_ret("bind s2", bind(s2, (struct sockaddr *)&b, blen), errno);
	show_ret("sendto", sendto(s2, "named", 5, 0, (struct sockaddr *)&a, alen), errno);
	show_from("recvfrom", s1);
	show_from("recvfrom empty", s1);
	expect_err("send without a destination", send(s2, "x", 1, 0), errno, ENOTCONN);
	show_ret("sendto itself", sendto(s2, "self", 4, 0, (struct sockaddr *)&b, blen), errno);
	show_from("recvfrom itself", s2);

	/* autobind */
	int s3 = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un fam = {.sun_family = AF_UNIX};
	show_ret("bind with only the family", bind(s3, (struct sockaddr *)&fam, sizeof(sa_family_t)), errno);
	glen = sizeof got;
	getsockname(s3, (struct sockaddr *)&got, &glen);
	int hex = 1;
	for (int i = 1; i < 6; i++)
		hex &= (got.sun_path[i] >= '0' && got.sun_path[i] <= '9') ||
		       (got.sun_path[i] >= 'a' && got.sun_path[i] <= 'f');
	say("autobind name: len %u, leading NUL %d, five hex digits %d\n", glen, got.sun_path[0] == 0, hex);
	int s4 = socket(AF_UNIX, SOCK_DGRAM, 0);
	int on = 1;
	setsockopt(s4, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	sendto(s4, "cred", 4, 0, (struct sockaddr *)&a, alen);
	glen = sizeof got;
	getsockname(s4, (struct sockaddr *)&got, &glen);
	say("SO_PASSCRED autobinds on send: len %u\n", glen);
	show_from("recvfrom the autobound sender", s1);

	/* connected datagram sockets */
	show_ret("connect s1 to s2", connect(s1, (struct sockaddr *)&b, blen), errno);
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	getpeername(s1, (struct sockaddr *)&peer, &plen);
	say("getpeername: len %u\n", plen);
	show_ret("s3 sends to s2 (s2 is not connected)", sendto(s3, "x", 1, 0, (struct sockaddr *)&b, blen), errno);
	show_from("s2 receives", s2);
	show_ret("connect s2 to s1", connect(s2, (struct sockaddr *)&a, alen), errno);
	expect_err("s3 sends to s2, now connected to s1", sendto(s3, "x", 1, 0, (struct sockaddr *)&b, blen), errno,
		   EPERM);
	expect_err("connect s3 to s2", connect(s3, (struct sockaddr *)&b, blen), errno, EPERM);
	expect_err("s3 is not connected", send(s3, "x", 1, 0), errno, ENOTCONN);
	show_ret("s1 sends to its peer", send(s1, "peer", 4, 0), errno);
	show_from("s2 receives", s2);
	struct sockaddr unspec = {.sa_family = AF_UNSPEC};
	show_ret("connect s2 AF_UNSPEC", connect(s2, &unspec, sizeof unspec), errno);
	expect_err("getpeername after", getpeername(s2, (struct sockaddr *)&peer, &plen), errno, ENOTCONN);
	show_ret("s3 may send to s2 now", sendto(s3, "now", 3, 0, (struct sockaddr *)&b, blen), errno);
	show_from("s2 receives", s2);

	/* sizes */
	static char big[300000];
	expect_err("a datagram larger than the send buffer",
		   sendto(s3, big, sizeof big, 0, (struct sockaddr *)&b, blen), errno, EMSGSIZE);
	show_ret("a 100000-byte datagram", sendto(s3, big, 100000, 0, (struct sockaddr *)&b, blen), errno);
	show_ret("recv it", recv(s2, big, sizeof big, 0), errno);

	/* a closed receiver */
	struct sockaddr_un c;
	socklen_t clen = abstract(&c, "lv-closing");
	int s6 = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(s6, (struct sockaddr *)&c, clen);
	show_ret("connect s3 to s6", connect(s3, (struct sockaddr *)&c, clen), errno);
	close(s6);
	close(s1);
	expect_err("send to the closed peer", send(s3, "x", 1, 0), errno, ECONNREFUSED);
	expect_err("send again", send(s3, "x", 1, 0), errno, ENOTCONN);
	expect_err("sendto the freed name", sendto(s2, "x", 1, 0, (struct sockaddr *)&a, alen), errno, ECONNREFUSED);
	int s5 = socket(AF_UNIX, SOCK_DGRAM, 0);
	show_ret("bind the freed abstract name", bind(s5, (struct sockaddr *)&a, alen), errno);
	/* abstract names are per socket type on Linux (the type is part of the lookup) */
	expect_err("connect a stream socket to a datagram name",
		   connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, alen), errno, ECONNREFUSED);
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	show_ret("a stream socket binds the same abstract name", bind(st, (struct sockaddr *)&a, alen), errno);
	expect_err("connect to an unknown abstract name",
		   connect(s2, (struct sockaddr *)&got, abstract(&got, "nobody")), errno, ECONNREFUSED);
	done();
	return 0;
}
