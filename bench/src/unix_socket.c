/*
 * unix_socket.c — AF_UNIX stream sockets between two processes: a 1-byte
 * ping-pong (the parent writes a byte, the child answers with one; per
 * round trip) and the bandwidth of 64 KiB writes from the child, read by
 * the parent in 64 KiB reads (MB/s).
 *
 * Output: "RESULT unix_pingpong_ns <ns>", "RESULT unix_stream_64k_mbps <MB/s>"
 * (or NA), "done".
 */
#include "stream_bench.h"
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000

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
		pingpong_serve(sv[1], ROUNDS);
		stream_serve(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	pingpong_time(sv[0], ROUNDS, "unix_pingpong_ns");
	stream_time(sv[0], "unix_stream_64k_mbps");
	int status;
	waitpid(child, &status, 0);
	bench_done();
	return 0;
}
