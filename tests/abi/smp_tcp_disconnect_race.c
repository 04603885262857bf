/*
 * smp_tcp_disconnect_race.c — connect(AF_UNSPEC) on TCP sockets while other
 * threads use them (run_abi.py boots smp_* tests with two CPUs): each round
 * a client and its accepted socket each have a reader thread blocked in
 * read, a third thread accepts on the listener, and the main thread writes
 * both ways, disconnects the client or the accepted socket, connects a
 * second client and disconnects the listener; then shuts both down so the
 * readers end, joins them, and reconnects the disconnected client. Every
 * third round the client first disconnects in the middle of a
 * non-blocking connect. What is printed is only that every round came
 * through: LevitateOS panicked here (a reader freeing a segment the
 * disconnect had freed) in 4 of 4 runs before tcp_disconnect waited for
 * readers (1 of 3 with 100 rounds).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "inet_test.h"

#define ROUNDS 300

static const struct sockaddr unspec = {.sa_family = AF_UNSPEC};

static void *reader(void *arg)
{
	char buf[64];
	while (read((int)(long)arg, buf, sizeof buf) > 0)
		;
	return 0;
}

static void *acceptor(void *arg)
{
	for (;;) {
		int s = accept((int)(long)arg, NULL, NULL);
		if (s < 0)
			return 0; /* EINVAL: the listener was disconnected */
		close(s);
	}
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	lo_up();
	int rounds = 0;
	for (int r = 0; r < ROUNDS; r++) {
		int l = inet_listener(0, 4, 0);
		struct sockaddr_in a = sin_of("127.0.0.1", port_of(l));
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (r % 3 == 0) {
			fcntl(c, F_SETFL, O_NONBLOCK);
			connect(c, (struct sockaddr *)&a, sizeof a);
			connect(c, &unspec, sizeof unspec);
			fcntl(c, F_SETFL, 0);
		}
		connect(c, (struct sockaddr *)&a, sizeof a);
		int s = accept(l, NULL, NULL);
		pthread_t t1, t2, t3;
		pthread_create(&t1, NULL, reader, (void *)(long)c);
		pthread_create(&t2, NULL, reader, (void *)(long)s);
		pthread_create(&t3, NULL, acceptor, (void *)(long)l);
		write(c, "x", 1);
		write(s, "y", 1);
		connect(r % 2 ? s : c, &unspec, sizeof unspec);
		int c2 = socket(AF_INET, SOCK_STREAM, 0);
		connect(c2, (struct sockaddr *)&a, sizeof a);
		connect(l, &unspec, sizeof unspec); /* ends the acceptor */
		shutdown(c, SHUT_RDWR);
		shutdown(s, SHUT_RDWR);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		pthread_join(t3, NULL);
		connect(c, (struct sockaddr *)&a, sizeof a); /* refused: nobody listens */
		close(c2);
		close(c);
		close(s);
		close(l);
		rounds++;
	}
	say("rounds through: %d\n", rounds);
	say("done\n");
	return 0;
}
