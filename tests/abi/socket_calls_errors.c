/*
 * socket_calls_errors.c — the socket system calls' argument checks and
 * the SOL_SOCKET options (socket(2), setsockopt(2), socket(7)), on AF_UNIX
 * sockets: the errno of each bad call in Linux's order (EBADF, ENOTSOCK,
 * EAFNOSUPPORT, EINVAL, ESOCKTNOSUPPORT, EPROTONOSUPPORT, EOPNOTSUPP,
 * ENOTCONN, EISCONN, EFAULT, EMSGSIZE, ENOPROTOOPT, EDOM), and every
 * option's value after setting it (SO_SNDBUF and SO_RCVBUF doubled, their
 * FORCE forms uncapped and EPERM without CAP_NET_ADMIN, the
 * timeouts, SO_LINGER, SO_PEERCRED of an unconnected socket), a receive
 * timeout, sendmmsg/recvmmsg with MSG_WAITFORONE.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "lvtest.h"

static void show_int_opt(int fd, const char *name, int opt)
{
	int v = -1;
	socklen_t len = sizeof v;
	int r = getsockopt(fd, SOL_SOCKET, opt, &v, &len);
	if (r < 0)
		say("%s: -1 %s\n", name, errname(errno));
	else
		say("%s: %d (len %u)\n", name, v, len);
}

static void calls_on_non_sockets(void)
{
	int p[2];
	pipe(p);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	socklen_t len = sizeof a;
	int v = 0;
	char buf[4];
	struct msghdr mh = {0};
	expect_err("bind on a pipe", bind(p[0], (struct sockaddr *)&a, sizeof a), errno, ENOTSOCK);
	expect_err("listen on a pipe", listen(p[0], 1), errno, ENOTSOCK);
	expect_err("accept on a pipe", accept(p[0], NULL, NULL), errno, ENOTSOCK);
	expect_err("connect on a pipe", connect(p[0], (struct sockaddr *)&a, sizeof a), errno, ENOTSOCK);
	expect_err("getsockname on a pipe", getsockname(p[0], (struct sockaddr *)&a, &len), errno, ENOTSOCK);
	expect_err("getpeername on a pipe", getpeername(p[0], (struct sockaddr *)&a, &len), errno, ENOTSOCK);
	expect_err("send on a pipe", send(p[1], buf, 1, 0), errno, ENOTSOCK);
	expect_err("recv on a pipe", recv(p[0], buf, 1, 0), errno, ENOTSOCK);
	expect_err("sendmsg on a pipe", sendmsg(p[1], &mh, 0), errno, ENOTSOCK);
	expect_err("recvmsg on a pipe", recvmsg(p[0], &mh, 0), errno, ENOTSOCK);
	expect_err("shutdown on a pipe", shutdown(p[0], SHUT_RD), errno, ENOTSOCK);
	expect_err("setsockopt on a pipe", setsockopt(p[0], SOL_SOCKET, SO_KEEPALIVE, &v, sizeof v), errno, ENOTSOCK);
	expect_err("getsockopt on a pipe", getsockopt(p[0], SOL_SOCKET, SO_TYPE, &v, &len), errno, ENOTSOCK);
	expect_err("bind on a closed fd", bind(99, (struct sockaddr *)&a, sizeof a), errno, EBADF);
	expect_err("listen on a closed fd", listen(99, 1), errno, EBADF);
	expect_err("shutdown on a closed fd", shutdown(99, SHUT_RD), errno, EBADF);
	expect_err("sendmmsg on a closed fd", sendmmsg(99, NULL, 0, 0), errno, EBADF);
	close(p[0]);
	close(p[1]);
}

static void creating(void)
{
	int sv[2];
	expect_err("socket: family 45", socket(45, SOCK_STREAM, 0), errno, EAFNOSUPPORT);
	expect_err("socket: family -1", socket(-1, SOCK_STREAM, 0), errno, EAFNOSUPPORT);
	expect_err("socket: family 4242", socket(4242, SOCK_STREAM, 0), errno, EAFNOSUPPORT);
	expect_err("socket: bad flags", socket(AF_UNIX, SOCK_STREAM | 0x100, 0), errno, EINVAL);
	expect_err("socket: type 0", socket(AF_UNIX, 0, 0), errno, ESOCKTNOSUPPORT);
	expect_err("socket: type 11", socket(AF_UNIX, 11, 0), errno, EINVAL);
	expect_err("socket: SOCK_RDM", socket(AF_UNIX, SOCK_RDM, 0), errno, ESOCKTNOSUPPORT);
	expect_err("socket: protocol 6", socket(AF_UNIX, SOCK_STREAM, 6), errno, EPROTONOSUPPORT);
	int raw = socket(AF_UNIX, SOCK_RAW, 0);
	show_int_opt(raw, "SOCK_RAW is a datagram socket: SO_TYPE", SO_TYPE);
	close(raw);
	expect_err("socketpair: bad pointer", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, 8L), errno, EFAULT);
	expect_err("socketpair: family 45", socketpair(45, SOCK_STREAM, 0, sv), errno, EAFNOSUPPORT);
	expect_err("socketpair: bad flags", socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv), errno, EINVAL);
}

static void misuse(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[8];
	expect_err("listen on a datagram socket", listen(d, 1), errno, EOPNOTSUPP);
	expect_err("accept on a datagram socket", accept(d, NULL, NULL), errno, EOPNOTSUPP);
	expect_err("accept4 with bad flags", accept4(s, NULL, NULL, 0x1), errno, EINVAL);
	expect_err("shutdown how 3", shutdown(s, 3), errno, EINVAL);
	show_ret("shutdown an unconnected stream socket", shutdown(s, SHUT_RDWR), errno);
	expect_err("send on an unconnected stream socket", send(s, "x", 1, MSG_NOSIGNAL), errno, EPIPE);
	int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	expect_err("send on a fresh unconnected stream socket", send(s2, "x", 1, 0), errno, ENOTCONN);
	expect_err("recv on an unconnected stream socket", recv(s2, buf, 1, 0), errno, EINVAL);
	expect_err("getpeername unconnected", getpeername(s2, NULL, NULL), errno, ENOTCONN);
	struct sockaddr_un a;
	socklen_t len = sizeof a;
	expect_err("getsockname into a bad buffer", getsockname(s2, (struct sockaddr *)8, &len), errno, EFAULT);
	len = -1;
	expect_err("getsockname with length -1", getsockname(s2, (struct sockaddr *)&a, &len), errno, EINVAL);
	len = 1;
	show_ret("getsockname with length 1", getsockname(s2, (struct sockaddr *)&a, &len), errno);
	say("  the length says what it would take: %u\n", len);
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	expect_err("sendto with an address on a connected stream", sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, 2),
		   errno, EISCONN);
	int dv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
	expect_err("MSG_OOB on a datagram socket", send(dv[0], "x", 1, MSG_OOB), errno, EOPNOTSUPP);
	close(dv[0]);
	close(dv[1]);
	expect_err("send from a bad buffer", send(sv[0], (void *)8, 4, 0), errno, EFAULT);
	expect_err("bind with length 200", bind(s2, (struct sockaddr *)&a, 200), errno, EINVAL);
	expect_err("connect with length -1", connect(s2, (struct sockaddr *)&a, -1), errno, EINVAL);
	static struct iovec many[1025];
	struct msghdr mh = {.msg_iov = many, .msg_iovlen = 1025};
	expect_err("sendmsg with 1025 iovecs", sendmsg(sv[0], &mh, 0), errno, EMSGSIZE);
	expect_err("recvmsg from a bad header", syscall(SYS_recvmsg, sv[1], 8L, 0), errno, EFAULT);
	close(sv[0]);
	close(sv[1]);
	close(s);
	close(s2);
	close(d);
}

static void options(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	show_int_opt(s, "SO_TYPE", SO_TYPE);
	show_int_opt(s, "SO_DOMAIN", SO_DOMAIN);
	show_int_opt(s, "SO_PROTOCOL", SO_PROTOCOL);
	show_int_opt(s, "SO_ERROR", SO_ERROR);
	show_int_opt(s, "SO_ACCEPTCONN", SO_ACCEPTCONN);
	show_int_opt(s, "SO_SNDBUF default", SO_SNDBUF);
	show_int_opt(s, "SO_RCVBUF default", SO_RCVBUF);
	int v = 1;
	int opts[] = {SO_REUSEADDR, SO_KEEPALIVE, SO_PASSCRED};
	const char *names[] = {"SO_REUSEADDR", "SO_KEEPALIVE", "SO_PASSCRED"};
	for (int i = 0; i < 3; i++) {
		show_int_opt(s, names[i], opts[i]);
		setsockopt(s, SOL_SOCKET, opts[i], &v, sizeof v);
		show_int_opt(s, names[i], opts[i]);
	}
	v = 10000;
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	show_int_opt(s, "SO_SNDBUF after 10000", SO_SNDBUF);
	v = 1;
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	show_int_opt(s, "SO_SNDBUF after 1", SO_SNDBUF);
	v = 1000;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	show_int_opt(s, "SO_RCVBUF after 1000", SO_RCVBUF);
	v = 1 << 30;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
	show_int_opt(s, "SO_RCVBUF after 1 GiB (capped by rmem_max)", SO_RCVBUF);
	/* the FORCE forms: no rmem_max cap, a negative value taken as 0 */
	v = 1 << 20;
	say("SO_RCVBUFFORCE 1 MiB: %d\n", setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v));
	show_int_opt(s, "SO_RCVBUF after SO_RCVBUFFORCE 1 MiB", SO_RCVBUF);
	v = (int)0xffffff00;
	say("SO_SNDBUFFORCE -256: %d\n", setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v));
	show_int_opt(s, "SO_SNDBUF after SO_SNDBUFFORCE -256", SO_SNDBUF);
	v = 1 << 30;
	say("SO_SNDBUFFORCE 1 GiB: %d\n", setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v));
	show_int_opt(s, "SO_SNDBUF after SO_SNDBUFFORCE 1 GiB (INT_MAX / 2 doubled)", SO_SNDBUF);
	v = 100000;
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
	pid_t child = fork();
	if (child == 0) { /* without CAP_NET_ADMIN the FORCE forms are EPERM */
		if (setuid(65534) < 0)
			_exit(1);
		expect_err("SO_SNDBUFFORCE unprivileged", setsockopt(s, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof v),
			   errno, EPERM);
		expect_err("SO_RCVBUFFORCE unprivileged", setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof v),
			   errno, EPERM);
		show_int_opt(s, "SO_SNDBUF after an unprivileged SO_SNDBUFFORCE", SO_SNDBUF);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	say("unprivileged child: status %d\n", status);

	struct linger lg = {0}, lgot;
	socklen_t len = sizeof lgot;
	getsockopt(s, SOL_SOCKET, SO_LINGER, &lgot, &len);
	say("SO_LINGER: %d %d (len %u)\n", lgot.l_onoff, lgot.l_linger, len);
	lg.l_onoff = 1;
	lg.l_linger = 7;
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	getsockopt(s, SOL_SOCKET, SO_LINGER, &lgot, &len);
	say("SO_LINGER: %d %d\n", lgot.l_onoff, lgot.l_linger);
	expect_err("SO_LINGER too short", setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, 4), errno, EINVAL);

	struct timeval tv = {.tv_sec = 2, .tv_usec = 500000}, tgot;
	len = sizeof tgot;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tgot, &len);
	say("SO_RCVTIMEO: %ld.%06ld (len %u)\n", (long)tgot.tv_sec, (long)tgot.tv_usec, len);
	tv.tv_sec = 0;
	tv.tv_usec = 1001; /* rounded up to whole 4 ms jiffies */
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	getsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tgot, &len);
	say("SO_SNDTIMEO: %ld.%06ld\n", (long)tgot.tv_sec, (long)tgot.tv_usec);
	tv.tv_usec = 1000000;
	expect_err("SO_RCVTIMEO with tv_usec 1000000", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), errno,
		   EDOM);
	expect_err("SO_RCVTIMEO too short", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, 8), errno, EINVAL);

	struct ucred uc;
	len = sizeof uc;
	getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &len);
	say("SO_PEERCRED unconnected: pid %d uid %d gid %d len %u\n", uc.pid, uc.uid, uc.gid, len);
	char small[2];
	len = 2;
	getsockopt(s, SOL_SOCKET, SO_TYPE, small, &len);
	say("SO_TYPE into 2 bytes: len %u\n", len);
	len = -1;
	expect_err("getsockopt length -1", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), errno, EINVAL);
	len = sizeof v;
	expect_err("getsockopt unknown", getsockopt(s, SOL_SOCKET, 9999, &v, &len), errno, ENOPROTOOPT);
	expect_err("setsockopt unknown", setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v), errno, ENOPROTOOPT);
	expect_err("setsockopt SO_TYPE", setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v), errno, ENOPROTOOPT);
	expect_err("setsockopt short int", setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, 2), errno, EINVAL);
	expect_err("getsockopt at level IPPROTO_TCP", getsockopt(s, 6, 1, &v, &len), errno, EOPNOTSUPP);
	expect_err("setsockopt at level IPPROTO_TCP", setsockopt(s, 6, 1, &v, sizeof v), errno, EOPNOTSUPP);
	expect_err("getsockopt into a bad pointer", getsockopt(s, SOL_SOCKET, SO_TYPE, (void *)8, &len), errno, EFAULT);
	close(s);
}

static void timeouts_and_mmsg(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	struct timeval tv = {.tv_sec = 0, .tv_usec = 20000};
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	char buf[16];
	expect_err("recv times out", recv(sv[1], buf, sizeof buf, 0), errno, EAGAIN);

	struct mmsghdr out[3], in[4];
	struct iovec oiov[3], iiov[4];
	char ibuf[4][16];
	const char *words[] = {"alpha", "beta", "gamma"};
	for (int i = 0; i < 3; i++) {
		oiov[i] = (struct iovec){.iov_base = (void *)words[i], .iov_len = strlen(words[i])};
		out[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &oiov[i], .msg_iovlen = 1}};
	}
	show_ret("sendmmsg 3", sendmmsg(sv[0], out, 3, 0), errno);
	say("msg_len: %u %u %u\n", out[0].msg_len, out[1].msg_len, out[2].msg_len);
	for (int i = 0; i < 4; i++) {
		iiov[i] = (struct iovec){.iov_base = ibuf[i], .iov_len = sizeof ibuf[i]};
		in[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iiov[i], .msg_iovlen = 1}};
	}
	int n = recvmmsg(sv[1], in, 4, MSG_WAITFORONE, NULL);
	say("recvmmsg MSG_WAITFORONE: %d", n);
	for (int i = 0; i < n; i++)
		say(" '%.*s'", (int)in[i].msg_len, ibuf[i]);
	say("\n");
	expect_err("recvmmsg with nothing, MSG_DONTWAIT", recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL), errno, EAGAIN);
	struct timespec bad = {.tv_sec = 0, .tv_nsec = 2000000000};
	expect_err("recvmmsg with a bad timeout", recvmmsg(sv[1], in, 4, 0, &bad), errno, EINVAL);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	calls_on_non_sockets();
	creating();
	misuse();
	options();
	timeouts_and_mmsg();
	done();
	return 0;
}
