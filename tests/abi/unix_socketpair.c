/*
 * unix_socketpair.c — AF_UNIX socket pairs (unix(7), socketpair(2)):
 * stream bytes flow both ways and merge across writes, datagrams and
 * seqpackets keep their boundaries, MSG_PEEK does not consume, MSG_TRUNC
 * and a short buffer cut a datagram, O_NONBLOCK/MSG_DONTWAIT give EAGAIN,
 * FIONREAD counts what waits, shutdown gives end of file and EPIPE
 * (SIGPIPE unless MSG_NOSIGNAL), closing with unread data gives the peer
 * ECONNRESET, poll, fstat S_IFSOCK and /proc/self/fd's "socket:[ino]".
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "lvtest.h"

static volatile int sigpipes;

static void on_sigpipe(int sig)
{
	sigpipes++;
}

static void show_read(const char *label, int fd, size_t len, int flags)
{
	char buf[256];
	long n = recv(fd, buf, len, flags);
	if (n < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: %ld '%.*s'\n", label, n, (int)(n < (long)len ? n : (long)len), buf);
}

static void stream(void)
{
	int sv[2];
	show_ret("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv), errno);
	write(sv[0], "hello ", 6);
	write(sv[0], "world", 5);
	int avail = -1;
	ioctl(sv[1], FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	show_read("peek", sv[1], 5, MSG_PEEK);
	show_read("read merges writes", sv[1], 64, 0);
	write(sv[1], "back", 4);
	show_read("other way", sv[0], 64, 0);
	show_read("empty, MSG_DONTWAIT", sv[0], 64, MSG_DONTWAIT);

	struct pollfd pf = {.fd = sv[1], .events = POLLIN | POLLOUT | POLLRDHUP};
	say("poll idle: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	shutdown(sv[0], SHUT_WR);
	say("poll after peer SHUT_WR: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	show_read("read after peer SHUT_WR", sv[1], 64, 0);
	sigpipes = 0;
	show_ret("send after SHUT_WR", send(sv[0], "x", 1, 0), errno);
	say("SIGPIPE: %d\n", sigpipes);
	show_ret("send MSG_NOSIGNAL", send(sv[0], "x", 1, MSG_NOSIGNAL), errno);
	say("SIGPIPE: %d\n", sigpipes);
	show_ret("other direction still works", write(sv[1], "ok", 2), errno);
	show_read("read it", sv[0], 64, 0);
	close(sv[0]);
	sigpipes = 0;
	show_ret("write to a closed peer", write(sv[1], "x", 1), errno);
	say("SIGPIPE: %d\n", sigpipes);
	pf.fd = sv[1];
	say("poll closed peer: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	close(sv[1]);

	/* unread data at close: the peer reads ECONNRESET once, then end of file */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "lost", 4);
	write(sv[0], "kept", 4);
	close(sv[0]);
	show_read("data before the reset", sv[1], 64, 0);
	show_read("then", sv[1], 64, 0);
	show_read("then", sv[1], 64, 0);
	close(sv[1]);
}

static void nonblocking(void)
{
	int sv[2];
	show_ret("socketpair SOCK_NONBLOCK|SOCK_CLOEXEC",
		 socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), errno);
	say("O_NONBLOCK: %d, FD_CLOEXEC: %d\n", !!(fcntl(sv[0], F_GETFL) & O_NONBLOCK),
	    fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
	char c;
	expect_err("read empty", read(sv[0], &c, 1), errno, EAGAIN);
	static char big[65536];
	long total = 0, n;
	while ((n = write(sv[0], big, sizeof big)) > 0)
		total += n;
	say("a full socket stops writes: %s, after more than 64 KiB: %d\n", errname(errno), total > 65536);
	struct pollfd pf = {.fd = sv[0], .events = POLLOUT};
	say("poll full: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	long drained = 0;
	while ((n = read(sv[1], big, sizeof big)) > 0)
		drained += n;
	say("drained all: %d\n", drained == total);
	say("poll drained: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	int off = 0;
	ioctl(sv[1], FIONBIO, &off);
	say("FIONBIO 0 clears O_NONBLOCK: %d\n", !(fcntl(sv[1], F_GETFL) & O_NONBLOCK));
	close(sv[0]);
	close(sv[1]);
}

static void packets(int type, const char *name)
{
	int sv[2];
	char label[64];
	snprintf(label, sizeof label, "socketpair %s", name);
	show_ret(label, socketpair(AF_UNIX, type, 0, sv), errno);
	send(sv[0], "one", 3, 0);
	send(sv[0], "two!", 4, 0);
	send(sv[0], "three", 5, 0);
	send(sv[0], "", 0, 0);
	int avail = -1;
	ioctl(sv[1], FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	show_read("peek", sv[1], 64, MSG_PEEK);
	show_read("first", sv[1], 64, 0);
	struct iovec iov = {.iov_base = label, .iov_len = 2};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	long n = recvmsg(sv[1], &mh, 0);
	say("short buffer: %ld '%.2s' MSG_TRUNC: %d\n", n, label, !!(mh.msg_flags & MSG_TRUNC));
	n = recv(sv[1], label, 1, MSG_TRUNC);
	say("MSG_TRUNC gives the real length: %ld '%.1s'\n", n, label);
	show_read("empty datagram", sv[1], 64, 0);
	show_read("none left", sv[1], 64, MSG_DONTWAIT);
	close(sv[0]);
	sigpipes = 0;
	show_read("after the peer closed", sv[1], 64, MSG_DONTWAIT);
	show_ret("send to the closed peer", send(sv[1], "x", 1, MSG_DONTWAIT), errno);
	show_ret("send again", send(sv[1], "x", 1, MSG_DONTWAIT), errno);
	say("SIGPIPE: %d\n", sigpipes);
	struct pollfd pf = {.fd = sv[1], .events = POLLIN | POLLOUT};
	say("poll: %d %#x\n", poll(&pf, 1, 0), pf.revents);
	close(sv[1]);
}

static void as_file(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct stat st;
	fstat(sv[0], &st);
	say("S_ISSOCK: %d, mode %o, size %ld\n", S_ISSOCK(st.st_mode), st.st_mode & 07777, (long)st.st_size);
	char link[64], want[64];
	long n = readlink("/proc/self/fd/3", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof want, "socket:[%lu]", (unsigned long)st.st_ino);
	say("/proc/self/fd shows socket:[ino]: %d\n", sv[0] == 3 && strcmp(link, want) == 0);
	expect_err("lseek", lseek(sv[0], 0, SEEK_SET), errno, ESPIPE);
	struct stat st1;
	fstat(sv[1], &st1);
	say("each end its own inode: %d\n", st1.st_ino != st.st_ino);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	signal(SIGPIPE, on_sigpipe);
	stream();
	nonblocking();
	packets(SOCK_DGRAM, "dgram");
	packets(SOCK_SEQPACKET, "seqpacket");
	as_file();
	done();
	return 0;
}
