/*
 * unix_socket.c — AF_UNIX stream sockets between two processes: a 1-byte
 * ping-pong (the parent writes a byte, the child answers with one; per
 * round trip) and the bandwidth of 64 KiB writes from the child, read by
 * the parent in 64 KiB reads (MB/s).
 *
 * Output: "RESULT unix_pingpong_ns <ns>", "RESULT unix_stream_64k_mbps <MB/s>"
 * (or NA), "done".
 */
#include "bench.h"
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000
#define BULK (64 * 1024 * 1024) /* bytes moved in the bandwidth run */
#define CHUNK (64 * 1024)

static char buf[CHUNK];

static void child_loop(int s)
{
	char c;
	for (int i = 0; i < ROUNDS + 1; i++)
		if (read(s, &c, 1) != 1 || write(s, &c, 1) != 1)
			_exit(1);
	for (long sent = 0; sent < BULK;) {
		long n = write(s, buf, CHUNK);
		if (n <= 0)
			_exit(1);
		sent += n;
	}
	_exit(0);
}

int main(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		not_available("unix_pingpong_ns", "socketpair: %s", errno_name(errno));
		not_available("unix_stream_64k_mbps", "socketpair: %s", errno_name(errno));
		bench_done();
		return 0;
	}
	pid_t child = fork();
	if (child == 0) {
		close(sv[0]);
		child_loop(sv[1]);
	}
	close(sv[1]);
	char c = 'x';
	double start = 0;
	int ok = 1;
	for (int i = 0; i < ROUNDS + 1 && ok; i++) { /* one warm-up round, then the timed ones */
		if (i == 1)
			start = now_ns();
		ok = write(sv[0], &c, 1) == 1 && read(sv[0], &c, 1) == 1;
	}
	double end = now_ns();
	if (ok)
		result("unix_pingpong_ns", (end - start) / ROUNDS);
	else
		not_available("unix_pingpong_ns", "read/write: %s", errno_name(errno));
	long got = 0, n = 0;
	start = now_ns();
	while (got < BULK && (n = read(sv[0], buf, CHUNK)) > 0)
		got += n;
	end = now_ns();
	if (got == BULK)
		result("unix_stream_64k_mbps", BULK / ((end - start) / 1e9) / 1e6);
	else
		not_available("unix_stream_64k_mbps", "read: %s", errno_name(n < 0 ? errno : EPIPE));
	int status;
	waitpid(child, &status, 0);
	bench_done();
	return 0;
}
