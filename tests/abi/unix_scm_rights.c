/*
 * unix_scm_rights.c — ancillary data on AF_UNIX sockets (unix(7),
 * cmsg(3)): SCM_RIGHTS passes open files to a forked child (a pipe end and
 * a file whose offset both share), the descriptors end a stream read,
 * MSG_PEEK duplicates them, a too small control buffer gives MSG_CTRUNC
 * and closes the extra ones, MSG_CMSG_CLOEXEC, files in flight are closed
 * when the receiver closes unread (the pipe sees its writer go), bad
 * descriptors are EBADF, SCM_CREDENTIALS with SO_PASSCRED (the sender's
 * pid/uid/gid, an explicit claim, EPERM for someone else's pid).
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "lvtest.h"

static long send_fds(int sock, const char *data, const int *fds, int n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct iovec iov = {.iov_base = (void *)data, .iov_len = strlen(data)};
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = CMSG_SPACE(sizeof(int) * n)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(sock, &mh, 0);
}

/* Receives into buf; prints the data, the flags and the descriptors that came (into fds). */
static int recv_fds(const char *label, int sock, int flags, size_t ctl_size, int *fds)
{
	char data[64];
	union {
		char buf[256];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl_size ? u.buf : NULL, .msg_controllen = ctl_size};
	long n = recvmsg(sock, &mh, flags);
	if (n < 0) {
		say("%s: -1 %s\n", label, errname(errno));
		return 0;
	}
	char line[512];
	int at = snprintf(line, sizeof line, "%s: %ld '%.*s' MSG_CTRUNC %d controllen %zu", label, n, (int)n, data,
			  !!(mh.msg_flags & MSG_CTRUNC), (size_t)mh.msg_controllen);
	int got = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(fds + got, CMSG_DATA(c), sizeof(int) * k);
			got += k;
			at += snprintf(line + at, sizeof line - at, " rights %d", k);
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred uc;
			memcpy(&uc, CMSG_DATA(c), sizeof uc);
			at += snprintf(line + at, sizeof line - at, " cred pid-is-sender %d uid %d gid %d",
				       uc.pid == getppid() || uc.pid == getpid(), uc.uid, uc.gid);
		}
	}
	say("%s\n", line);
	return got;
}

static void to_child(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int file = open("/tmp/scm-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(file, "0123456789", 10);
	lseek(file, 4, SEEK_SET);
	pid_t child = fork();
	if (child == 0) {
		close(sv[0]);
		int fds[8];
		int got = recv_fds("child recvmsg", sv[1], 0, 256, fds);
		if (got == 2) {
			char buf[16];
			long n = read(fds[1], buf, 3);
			say("child reads the passed file at the shared offset: '%.*s'\n", (int)n, buf);
			write(fds[0], "via pipe", 8);
			close(fds[0]);
		}
		write(sv[1], "k", 1);
		_exit(0);
	}
	close(sv[1]);
	int two[2] = {p[1], file};
	long sent = send_fds(sv[0], "fds", two, 2);
	close(p[1]);
	char c;
	read(sv[0], &c, 1); /* the child is done printing */
	show_ret("sendmsg 2 descriptors", sent, errno);
	char buf[16];
	long n = read(p[0], buf, sizeof buf);
	say("parent reads what the child wrote into the passed pipe: '%.*s'\n", (int)n, buf);
	say("offset after the child read: %ld\n", (long)lseek(file, 0, SEEK_CUR));
	n = read(p[0], buf, sizeof buf);
	say("the pipe's last writer is gone: %ld\n", n);
	int status;
	waitpid(child, &status, 0);
	close(sv[0]);
	close(p[0]);
	close(file);
}

static void details(void)
{
	int sv[2], p[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int one[1] = {p[0]}, fds[8];
	write(sv[0], "ab", 2);
	send_fds(sv[0], "cd", one, 1);
	write(sv[0], "ef", 2);
	recv_fds("a read stops after the descriptors", sv[1], 0, 256, fds);
	recv_fds("the rest", sv[1], 0, 256, fds);

	send_fds(sv[0], "pk", one, 1);
	int got = recv_fds("peek", sv[1], MSG_PEEK, 256, fds);
	if (got)
		say("peeked descriptor is a new one: %d\n", fds[0] != p[0]);
	got = recv_fds("read", sv[1], MSG_CMSG_CLOEXEC, 256, fds);
	if (got)
		say("MSG_CMSG_CLOEXEC: %d\n", fcntl(fds[0], F_GETFD) == FD_CLOEXEC);

	int three[3] = {p[0], p[1], p[0]};
	send_fds(sv[0], "3", three, 3);
	int before = dup(0);
	close(before);
	recv_fds("control room for two descriptors (CMSG_SPACE(4))", sv[1], 0, CMSG_SPACE(sizeof(int)), fds);
	int next = dup(0);
	say("two of the three were installed: %d\n", next == before + 2);
	close(next);
	send_fds(sv[0], "none", three, 1);
	recv_fds("no control buffer", sv[1], 0, 0, fds);

	int bad[1] = {99};
	expect_err("SCM_RIGHTS with a closed descriptor", send_fds(sv[0], "x", bad, 1), errno, EBADF);

	/* files in flight are closed when the receiving socket closes unread */
	int q[2];
	pipe(q);
	int wr[1] = {q[1]};
	send_fds(sv[0], "inflight", wr, 1);
	close(q[1]);
	close(sv[1]);
	char c;
	say("the in-flight writer was closed with the socket: %ld\n", (long)read(q[0], &c, 1));
	close(q[0]);
	close(sv[0]);
	close(p[0]);
	close(p[1]);
}

static void credentials(void)
{
	int sv[2], on = 1, fds[8];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "nocred", 6, 0);
	recv_fds("without SO_PASSCRED", sv[1], 0, 256, fds);
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
	send(sv[0], "cred", 4, 0);
	recv_fds("with SO_PASSCRED", sv[1], 0, 256, fds);
	send(sv[0], "short", 5, 0);
	recv_fds("control too small for the credentials", sv[1], 0, 8, fds);

	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct iovec iov = {.iov_base = "claim", .iov_len = 5};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred uc = {.pid = getpid(), .uid = 0, .gid = 0};
	memcpy(CMSG_DATA(c), &uc, sizeof uc);
	show_ret("sendmsg SCM_CREDENTIALS (own)", sendmsg(sv[0], &mh, 0), errno);
	recv_fds("received", sv[1], 0, 256, fds);
	pid_t child = fork();
	if (child == 0) {
		setuid(1000);
		uc.pid = getpid();
		uc.uid = 0;
		memcpy(CMSG_DATA(c), &uc, sizeof uc);
		expect_err("a user claims uid 0", sendmsg(sv[0], &mh, 0), errno, EPERM);
		uc.uid = 1000;
		uc.pid = 1;
		memcpy(CMSG_DATA(c), &uc, sizeof uc);
		expect_err("a user claims another pid", sendmsg(sv[0], &mh, 0), errno, EPERM);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	c->cmsg_len = CMSG_LEN(4);
	expect_err("SCM_CREDENTIALS of the wrong size", sendmsg(sv[0], &mh, 0), errno, EINVAL);
	c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	c->cmsg_type = 99;
	expect_err("an unknown SOL_SOCKET control message", sendmsg(sv[0], &mh, 0), errno, EINVAL);
	c->cmsg_len = 1000;
	c->cmsg_type = SCM_RIGHTS;
	expect_err("cmsg_len past the buffer", sendmsg(sv[0], &mh, 0), errno, EINVAL);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	to_child();
	details();
	credentials();
	done();
	return 0;
}
