/*
 * unix_path_connect.c — AF_UNIX path names between processes (unix(7)):
 * bind makes a socket inode (EADDRINUSE while it exists, even after the
 * socket closed), listen/accept/connect across fork, getsockname and
 * getpeername lengths, SO_PEERCRED on both ends, ECONNREFUSED when nobody
 * listens, ENOENT for a missing name, EACCES without write permission,
 * EPROTOTYPE for the wrong type, a full backlog (EAGAIN when non-blocking),
 * accept4 flags, and the listener's line in /proc/net/unix.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "lvtest.h"

#define PATH "/tmp/lv.sock"

static socklen_t addr_of(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void show_name(const char *label, int fd, bool peer)
{
	struct sockaddr_un a;
	memset(&a, 'x', sizeof a);
	socklen_t len = sizeof a;
	int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len) : getsockname(fd, (struct sockaddr *)&a, &len);
	if (r < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: len %u family %d path '%s'\n", label, len, a.sun_family, len > 2 ? a.sun_path : "");
}

static void proc_net_unix(void)
{
	static char text[16384];
	if (slurp_file("/proc/net/unix", text, sizeof text) < 0) {
		say("/proc/net/unix: %s\n", errname(errno));
		return;
	}
	char *nl = strchr(text, '\n');
	say("header: %.*s\n", (int)(nl - text), text);
	for (char *line = nl + 1; *line; line = strchr(line, '\n') + 1) {
		char *end = strchr(line, '\n');
		if (!end)
			break;
		if (end - line > 7 && !memcmp(end - 7, "lv.sock", 7)) {
			/* skip the kernel address and the reference count; the inode differs */
			char *fields = strchr(line, ':') + 1 + 9;
			*end = 0;
			say("line: %.26s ...%s\n", fields, strrchr(line, ' '));
			*end = '\n';
		}
	}
}

int main(void)
{
	struct sockaddr_un a;
	socklen_t alen = addr_of(&a, PATH);
	unlink(PATH);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	show_name("unbound getsockname", l, false);
	expect_err("listen unbound", listen(l, 5), errno, EINVAL);
	expect_err("connect: no such name", connect(l, (struct sockaddr *)&a, alen), errno, ENOENT);
	show_ret("bind", bind(l, (struct sockaddr *)&a, alen), errno);
	struct stat st;
	stat(PATH, &st);
	say("S_ISSOCK: %d mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 0777);
	show_name("getsockname", l, false);
	expect_err("bind again (the name exists)", bind(l, (struct sockaddr *)&a, alen), errno, EADDRINUSE);
	struct sockaddr_un other_name;
	expect_err("bind again to a new name",
		   bind(l, (struct sockaddr *)&other_name, addr_of(&other_name, "/tmp/lv2.sock")), errno, EINVAL);
	say("the new name was not made: %d\n", access("/tmp/lv2.sock", F_OK) != 0);
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	expect_err("bind a name in use", bind(other, (struct sockaddr *)&a, alen), errno, EADDRINUSE);
	expect_err("connect before listen", connect(other, (struct sockaddr *)&a, alen), errno, ECONNREFUSED);
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	expect_err("connect dgram to stream", connect(dg, (struct sockaddr *)&a, alen), errno, EPROTOTYPE);
	close(dg);
	expect_err("accept before listen", accept(l, NULL, NULL), errno, EINVAL);
	show_ret("listen", listen(l, 0), errno);
	int on = 0;
	socklen_t ol = sizeof on;
	getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &on, &ol);
	say("SO_ACCEPTCONN: %d\n", on);
	proc_net_unix();

	int ready[2], go[2];
	pipe(ready);
	pipe(go);
	pid_t child = fork();
	if (child == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		int r = connect(c, (struct sockaddr *)&a, alen);
		say("child connect: %d %s\n", r, errname(r ? errno : 0));
		show_name("child getpeername", c, true);
		show_name("child getsockname", c, false);
		struct ucred uc;
		socklen_t ul = sizeof uc;
		getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &ul);
		say("child SO_PEERCRED: pid is the parent's %d uid %d gid %d len %u\n", uc.pid == getppid(), uc.uid,
		    uc.gid, ul);
		write(go[1], "g", 1); /* the parent prints after this */
		write(c, "from child", 10);
		char buf[64];
		long n = read(c, buf, sizeof buf);
		say("child read: %ld '%.*s'\n", n, (int)n, buf);
		n = read(c, buf, sizeof buf);
		say("child read after the server closed: %ld\n", n);
		close(c);
		write(ready[1], "r", 1);
		_exit(0);
	}
	struct sockaddr_un peer;
	socklen_t plen = sizeof peer;
	int s = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	char c;
	read(go[0], &c, 1);
	say("accept4: %d, peer address length %u, FD_CLOEXEC %d\n", s >= 0, plen, fcntl(s, F_GETFD) == FD_CLOEXEC);
	show_name("accepted getsockname", s, false);
	struct ucred uc;
	socklen_t ul = sizeof uc;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &ul);
	say("server SO_PEERCRED: pid is the child %d\n", uc.pid == child);
	char buf[64];
	long n = read(s, buf, sizeof buf);
	say("server read: %ld '%.*s'\n", n, (int)n, buf);
	write(s, "from server", 11);
	close(s);
	read(ready[0], &c, 1);
	int status;
	waitpid(child, &status, 0);
	say("child exit: %d\n", WEXITSTATUS(status));

	/* the backlog: listen(1) takes two pending connections (Linux: full when more than backlog) */
	listen(l, 1);
	int c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_un cname = {.sun_family = AF_UNIX};
	memcpy(cname.sun_path + 1, "lv-client", 9);
	bind(c1, (struct sockaddr *)&cname, offsetof(struct sockaddr_un, sun_path) + 10);
	show_ret("connect 1", connect(c1, (struct sockaddr *)&a, alen), errno);
	show_ret("connect 2", connect(c2, (struct sockaddr *)&a, alen), errno);
	expect_err("connect 3 (backlog full)", connect(c3, (struct sockaddr *)&a, alen), errno, EAGAIN);
	write(c1, "early", 5);
	struct pollfd pf = {.fd = l, .events = POLLIN};
	say("poll listener: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	int a1 = accept(l, NULL, NULL);
	struct sockaddr_un from;
	socklen_t flen = sizeof from;
	n = recvfrom(a1, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
	say("data sent before accept: %ld '%.*s' from a name of length %u '%s'\n", n, (int)n, buf, flen,
	    flen > 3 ? from.sun_path + 1 : "");
	expect_err("connect 1 again", connect(c1, (struct sockaddr *)&a, alen), errno, EISCONN);
	int a2 = accept(l, NULL, NULL);
	fcntl(l, F_SETFL, O_NONBLOCK);
	expect_err("accept with none pending", accept(l, NULL, NULL), errno, EAGAIN);
	close(a1);
	close(a2);
	close(c1);
	close(c2);

	/* closing the listener: the name stays, nobody answers */
	close(l);
	expect_err("connect after the listener closed", connect(c3, (struct sockaddr *)&a, alen), errno, ECONNREFUSED);
	int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
	expect_err("bind while the inode exists", bind(l2, (struct sockaddr *)&a, alen), errno, EADDRINUSE);
	unlink(PATH);
	show_ret("bind after unlink", bind(l2, (struct sockaddr *)&a, alen), errno);

	/* permission: connecting needs write access to the socket inode */
	chmod(PATH, 0555);
	listen(l2, 1);
	child = fork();
	if (child == 0) {
		setgid(1000);
		setuid(1000);
		int cs = socket(AF_UNIX, SOCK_STREAM, 0);
		expect_err("connect without write permission", connect(cs, (struct sockaddr *)&a, alen), errno, EACCES);
		_exit(0);
	}
	waitpid(child, &status, 0);
	close(l2);
	close(c3);
	unlink(PATH);
	struct sockaddr_un bad = a;
	bad.sun_family = AF_INET;
	expect_err("bind with the wrong family", bind(other, (struct sockaddr *)&bad, alen), errno, EINVAL);
	expect_err("bind with a short length", bind(other, (struct sockaddr *)&a, 1), errno, EINVAL);
	expect_err("bind to a missing directory", bind(other, (struct sockaddr *)&a, addr_of(&a, "/nonexistent/x")),
		   errno, ENOENT);
	close(other);
	done();
	return 0;
}
