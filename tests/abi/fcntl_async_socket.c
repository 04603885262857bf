/*
 * fcntl_async_socket.c — O_ASYNC beyond pipes (Linux net/socket.c
 * sock_fasync, sock_wake_async; net/core/sock.c sock_def_readable;
 * net/unix/af_unix.c unix_release_sock, unix_shutdown; fs/notify
 * fsnotify_insert_event, fsnotify_fasync; fs/eventfd.c):
 * F_SETSIG's signal with si_code POLL_IN when data or a connection comes to
 * an AF_UNIX stream, datagram or listening socket, a UDP socket, or an
 * inotify descriptor (not for an event merged with the last one); POLL_HUP
 * or POLL_IN when an AF_UNIX peer closes or shuts down; and what an eventfd
 * write gives. Everything happens in one process with the signals blocked and
 * collected by sigtimedwait with a zero timeout (every signal is queued
 * before the call that causes it returns).
 */
#include "async_test.h"
#include "fs_test.h"
#include "inet_test.h"

#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#define RTSIG (SIGRTMIN + 3)

/* Shows every pending RTSIG: si_code, whether si_fd is fd, si_band. */
static void drain(const char *label, int fd)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, RTSIG);
	struct timespec ts = {0, 0};
	siginfo_t si;
	int n = 0;
	while (sigtimedwait(&set, &si, &ts) == RTSIG) {
		say("%s: si_code %d si_fd ok %d si_band 0x%lx\n", label, si.si_code, si.si_fd == fd, (long)si.si_band);
		n++;
	}
	say("%s: %d signals\n", label, n);
}

static void async_on(const char *label, int fd)
{
	errno = 0;
	int r = fcntl(fd, F_SETOWN, getpid()) | fcntl(fd, F_SETSIG, RTSIG) |
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC | O_NONBLOCK);
	say("%s: O_ASYNC on: %s\n", label, r == 0 ? "ok" : errname(errno));
}

static void unix_stream(void)
{
	int sv[2];
	R("socketpair SOCK_STREAM", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	async_on("stream", sv[0]);
	R("send", send(sv[1], "ab", 2, 0));
	R("send", send(sv[1], "c", 1, 0));
	drain("stream after two sends", sv[0]);
	char buf[8];
	R("recv", recv(sv[0], buf, sizeof buf, 0));
	drain("stream after a recv", sv[0]);
	R("shutdown SHUT_WR by the peer", shutdown(sv[1], SHUT_WR));
	drain("stream after the peer's SHUT_WR", sv[0]);
	R("close the peer", close(sv[1]));
	drain("stream after the peer's close", sv[0]);
	close(sv[0]);

	R("socketpair SOCK_SEQPACKET", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	async_on("seqpacket", sv[0]);
	R("shutdown SHUT_RDWR by the peer", shutdown(sv[1], SHUT_RDWR));
	drain("seqpacket after the peer's SHUT_RDWR", sv[0]);
	close(sv[0]);
	close(sv[1]);

	R("socketpair SOCK_DGRAM", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	async_on("dgram", sv[0]);
	R("send", send(sv[1], "x", 1, 0));
	drain("dgram after a send", sv[0]);
	R("close the peer", close(sv[1]));
	drain("dgram after the peer's close", sv[0]);
	close(sv[0]);
}

static void unix_listener(void)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	strcpy(a.sun_path + 1, "fcntl_async_socket"); /* abstract */
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen("fcntl_async_socket");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	R("bind", bind(l, (struct sockaddr *)&a, len));
	R("listen", listen(l, 4));
	async_on("listener", l);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	R("connect", connect(c, (struct sockaddr *)&a, len));
	drain("listener after a connect", l);
	int s = accept(l, NULL, NULL);
	say("accept: %d\n", s >= 0);
	drain("listener after the accept", l);
	close(s);
	close(c);
	close(l);
}

static void udp(void)
{
	R("lo up", lo_up());
	int r = socket(AF_INET, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	R("bind", bind(r, (struct sockaddr *)&a, sizeof a));
	R("getsockname", getsockname(r, (struct sockaddr *)&a, &len));
	async_on("udp", r);
	R("sendto", sendto(w, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
	R("sendto", sendto(w, "y", 1, 0, (struct sockaddr *)&a, sizeof a));
	int n = 0; /* loopback delivery may finish after sendto returns: wait for each signal */
	while (n < 2) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, RTSIG);
		struct timespec wait = {5, 0};
		siginfo_t si;
		if (sigtimedwait(&set, &si, &wait) != RTSIG)
			break;
		say("udp after two datagrams: si_code %d si_fd ok %d si_band 0x%lx\n", si.si_code, si.si_fd == r,
		    (long)si.si_band);
		n++;
	}
	drain("udp, any more", r);
	close(r);
	close(w);
}

static void inotify(void)
{
	int fd = inotify_init1(IN_NONBLOCK);
	R("mkdir", mkdir("/tmp/fcntl_async_socket", 0755));
	R("inotify_add_watch", inotify_add_watch(fd, "/tmp/fcntl_async_socket", IN_CREATE | IN_MODIFY));
	async_on("inotify", fd);
	int f = open("/tmp/fcntl_async_socket/a", O_CREAT | O_WRONLY, 0644);
	drain("inotify after a create", fd);
	R("write", write(f, "1", 1));
	R("write", write(f, "2", 1)); /* the same IN_MODIFY: merged */
	drain("inotify after two writes", fd);
	close(f);
	unlink("/tmp/fcntl_async_socket/a");
	drain("inotify after close and unlink (not watched)", fd);
	R("rmdir", rmdir("/tmp/fcntl_async_socket"));
	drain("inotify after the rmdir (IN_DELETE_SELF is not watched, IN_IGNORED)", fd);
	close(fd);
}

static void eventfd_none(void)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	async_on("eventfd", fd);
	R("write", eventfd_write(fd, 1));
	drain("eventfd after a write", fd);
	close(fd);
}

int main(void)
{
	block_signals(RTSIG, SIGIO, 0);
	unix_stream();
	unix_listener();
	udp();
	inotify();
	eventfd_none();
	struct timespec ts = {0, 0};
	sigset_t io;
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	say("a plain SIGIO anywhere: %s\n", sigtimedwait(&io, NULL, &ts) == SIGIO ? "yes" : "no");
	done();
	return 0;
}
