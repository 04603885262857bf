/*
 * tcp_syn_timeout.c — a SYN nobody answers: a listener whose accept queue
 * is full (backlog 0 holding one connection) drops it, as Linux's
 * tcp_conn_request does, and the client sends it again after 1 s, 2 s, ...
 * TCP_SYNCNT 1 makes connect fail with ETIMEDOUT after one retransmission;
 * TCP_USER_TIMEOUT ends it sooner; a non-blocking connect reports it
 * through poll and SO_ERROR. A client whose SYN was dropped gets in once
 * accept made room (its retransmission). TCP_SYNCNT's default and range.
 */
#include "inet_test.h"

#include <netinet/tcp.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sock_with(int syncnt, int user_timeout_ms)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (syncnt)
		setsockopt(s, IPPROTO_TCP, TCP_SYNCNT, &syncnt, sizeof syncnt);
	if (user_timeout_ms)
		setsockopt(s, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
	return s;
}

/* A blocking connect; its result, and whether it took about as long as it should. */
static void dial(const char *what, int s, int port, double lo, double hi)
{
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	double t0 = now_s();
	int r = connect(s, (struct sockaddr *)&a, sizeof a);
	int e = errno;
	double took = now_s() - t0;
	say("%s: %d %s, %s\n", what, r, r ? errname(e) : "0", took >= lo && took < hi ? "in time" : "wrong time");
	if (took < lo || took >= hi)
		say("  took %.2f s\n", took);
}

int main(void)
{
	say("lo up: %d\n", lo_up());
	int s = socket(AF_INET, SOCK_STREAM, 0), v = -1;
	socklen_t len = sizeof v;
	getsockopt(s, IPPROTO_TCP, TCP_SYNCNT, &v, &len);
	say("TCP_SYNCNT default: %d\n", v);
	int bad[] = {0, -1, 128};
	for (int i = 0; i < 3; i++) {
		int r = setsockopt(s, IPPROTO_TCP, TCP_SYNCNT, &bad[i], sizeof bad[i]);
		say("TCP_SYNCNT %d: %d %s\n", bad[i], r, r ? errname(errno) : "0");
	}
	v = 127;
	say("TCP_SYNCNT 127: %d\n", setsockopt(s, IPPROTO_TCP, TCP_SYNCNT, &v, sizeof v));
	close(s);

	int l = inet_listener(0, 0, 0), port = port_of(l);
	int first = inet_dial(port);
	say("first connection: %s\n", first >= 0 ? "ok" : errname(-first));
	/* The client's connect returns at the SYN-ACK; the listener queues the
	 * connection when the final ACK is processed, which with several CPUs
	 * can be later: wait until it is readable (its accept queue full). */
	struct pollfd queued = {.fd = l, .events = POLLIN};
	say("listener readable: %d\n", poll(&queued, 1, 5000));

	dial("TCP_SYNCNT 1 to a full queue", sock_with(1, 0), port, 2.5, 6);
	dial("TCP_USER_TIMEOUT 1500 ms", sock_with(0, 1500), port, 1.2, 2.9);

	s = sock_with(1, 0);
	fcntl(s, F_SETFL, O_NONBLOCK);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	int r = connect(s, (struct sockaddr *)&a, sizeof a);
	say("non-blocking: %d %s\n", r, errno == EINPROGRESS ? "EINPROGRESS" : errname(errno));
	struct pollfd p = {.fd = s, .events = POLLOUT};
	r = poll(&p, 1, 10000);
	int err = -1;
	len = sizeof err;
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	say("poll: %d revents %#x, SO_ERROR %s\n", r, p.revents, errname(err));
	r = connect(s, (struct sockaddr *)&a, sizeof a);
	say("connect again: %d %s\n", r, r ? errname(errno) : "0");
	close(s);

	/* a client waits in SYN_SENT while the queue is full; accept lets its retransmission in */
	int sync_pipe[2];
	pipe(sync_pipe);
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		write(sync_pipe[1], "x", 1);
		int rc = connect(c, (struct sockaddr *)&a, sizeof a);
		write(c, "hi", 2);
		_exit(rc == 0 ? 0 : 1);
	}
	char x;
	read(sync_pipe[0], &x, 1);
	int acc = accept(l, NULL, NULL); /* the first connection: room for the waiting client */
	int second = accept(l, NULL, NULL);
	char buf[4] = {0};
	ssize_t n = read(second, buf, sizeof buf);
	int status;
	waitpid(pid, &status, 0);
	say("waiting client: accepted %s, read %zd \"%.*s\", exit %d\n", second >= 0 ? "yes" : "no", n,
	    (int)(n > 0 ? n : 0), buf, WEXITSTATUS(status));
	close(acc);
	close(second);
	close(first);
	say("done\n");
	return 0;
}
