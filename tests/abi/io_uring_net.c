/*
 * io_uring_net.c — io_uring's socket requests over loopback TCP (Linux
 * io_uring/net.c): ACCEPT waits (io_uring_enter does not block) until a
 * connection comes, with the peer's address and SOCK_CLOEXEC; CONNECT;
 * RECV waits for data another thread sends after a handshake; SEND;
 * SENDMSG and RECVMSG with two segments; RECV with MSG_DONTWAIT is -EAGAIN;
 * a RECV after the peer shut down is 0; a socket request on a pipe is
 * -ENOTSOCK; ACCEPT's unknown flags are EINVAL; a pending RECV cancelled.
 */
#include "inet_test.h"
#include "uring_test.h"

#include <fcntl.h>
#include <pthread.h>

static int go[2];
static int peer;

/* Waits for the go, then sends on the accepted socket. */
static void *sender(void *arg)
{
	char c;
	if (read(go[0], &c, 1) != 1)
		return NULL;
	send(peer, (const char *)arg, strlen((const char *)arg), 0);
	return NULL;
}

int main(void)
{
	if (lo_up() < 0)
		return say("lo_up: %s\n", errname(errno)), 1;
	struct ring r;
	if (ring_init(&r, 16, 0))
		return 1;
	pipe(go);
	int l = inet_listener(0, 4, 1);
	int port = port_of(l);

	/* ACCEPT before anyone connects */
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	memset(&sa, 0, sizeof sa);
	struct u_sqe *s = sqe_get(&r, OP_ACCEPT, l, 1);
	s->addr = (uintptr_t)&sa;
	s->off = (uintptr_t)&salen;
	s->op_flags = SOCK_CLOEXEC;
	int ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("accept submitted: %d, cqes %u\n", ret, *r.cq_tail - *r.cq_head);
	/* CONNECT through the ring */
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in to = sin_of("127.0.0.1", port);
	s = sqe_get(&r, OP_CONNECT, c, 2);
	s->addr = (uintptr_t)&to;
	s->off = sizeof to;
	ret = u_enter(r.fd, 1, 2, ENTER_GETEVENTS, NULL, 0);
	say("connect: enter %d\n", ret);
	while (*r.cq_tail - *r.cq_head < 2)
		u_enter(r.fd, 0, 2, ENTER_GETEVENTS, NULL, 0);
	int a = -1;
	for (int i = 0; i < 2; i++) {
		struct u_cqe *q = &r.cqes[*r.cq_head & *r.cq_mask];
		if (q->user_data == 1)
			a = q->res;
		else
			say("  connect cqe: %s\n", q->res < 0 ? errname(-q->res) : "0");
		(*r.cq_head)++;
	}
	say("  accepted: %s, family %d, addr %s, len %u, cloexec %d\n", a >= 0 ? "ok" : errname(-a), sa.sin_family,
	    inet_ntoa(sa.sin_addr), salen, a >= 0 && (fcntl(a, F_GETFD) & FD_CLOEXEC));
	peer = c;

	/* RECV that waits */
	pthread_t t;
	pthread_create(&t, NULL, sender, "ping");
	char buf[64];
	memset(buf, 0, sizeof buf);
	s = sqe_get(&r, OP_RECV, a, 3);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	ret = u_enter(r.fd, 1, 0, 0, NULL, 0);
	say("recv submitted: %d, cqes %u\n", ret, *r.cq_tail - *r.cq_head);
	write(go[1], "g", 1);
	submit_wait(&r, 0, 1, "recv wait");
	say("  '%s'\n", buf);
	pthread_join(t, NULL);

	/* SEND */
	s = sqe_get(&r, OP_SEND, a, 4);
	s->addr = (uintptr_t) "pong";
	s->len = 4;
	submit_wait(&r, 1, 1, "send");
	memset(buf, 0, sizeof buf);
	say("  peer got %zd '%s'\n", recv(c, buf, sizeof buf, 0), buf);

	/* SENDMSG, RECVMSG */
	struct iovec sv[2] = {{"ab", 2}, {"cde", 3}};
	struct msghdr mh;
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = sv;
	mh.msg_iovlen = 2;
	s = sqe_get(&r, OP_SENDMSG, c, 5);
	s->addr = (uintptr_t)&mh;
	submit_wait(&r, 1, 1, "sendmsg");
	char x[3] = {0}, y[8] = {0};
	struct iovec rv[2] = {{x, 2}, {y, 7}};
	struct msghdr rh;
	memset(&rh, 0, sizeof rh);
	rh.msg_iov = rv;
	rh.msg_iovlen = 2;
	s = sqe_get(&r, OP_RECVMSG, a, 6);
	s->addr = (uintptr_t)&rh;
	submit_wait(&r, 1, 1, "recvmsg");
	say("  '%s' '%s' flags %d\n", x, y, rh.msg_flags);

	/* MSG_DONTWAIT, errors */
	s = sqe_get(&r, OP_RECV, a, 7);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	s->op_flags = MSG_DONTWAIT;
	submit_wait(&r, 1, 1, "recv MSG_DONTWAIT with nothing there");
	s = sqe_get(&r, OP_RECV, go[0], 8);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	submit_wait(&r, 1, 1, "recv on a pipe");
	s = sqe_get(&r, OP_ACCEPT, l, 9);
	s->op_flags = 0x40;
	submit_wait(&r, 1, 1, "accept with an unknown flag");

	/* a pending RECV cancelled */
	s = sqe_get(&r, OP_RECV, a, 10);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	u_enter(r.fd, 1, 0, 0, NULL, 0);
	s = sqe_get(&r, OP_ASYNC_CANCEL, -1, 11);
	s->addr = 10;
	submit_wait(&r, 1, 2, "cancel the recv");

	/* the peer shuts down */
	shutdown(c, SHUT_WR);
	s = sqe_get(&r, OP_RECV, a, 12);
	s->addr = (uintptr_t)buf;
	s->len = sizeof buf;
	submit_wait(&r, 1, 1, "recv after the peer's shutdown");
	close(c);
	close(a);
	close(l);
	close(r.fd);
	done();
	return 0;
}
