/*
 * pipe.c — pipes between two processes (issue #19's first row): the
 * bandwidth of 64 MiB written by the child in 64 KiB writes into a pipe of
 * the default size (16 pages, 64 KiB, as Linux's PIPE_DEF_BUFFERS) and read
 * by the parent in 64 KiB reads (MB/s); the same through a pipe grown to
 * 1 MiB with F_SETPIPE_SZ (fewer sleeps: the writer can run ahead by 16
 * chunks); and a 1-byte ping-pong over a pair of pipes, per round trip.
 *
 * Output: "RESULT pipe_64k_mbps <MB/s>", "RESULT pipe_1m_buf_64k_mbps
 * <MB/s>", "RESULT pipe_pingpong_ns <ns>" (or NA), "done".
 */
#define _GNU_SOURCE
#include "stream_bench.h"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 5000

/* 64 MiB from a forked child through a fresh pipe of `size` bytes (0: the default). */
static void pipe_stream(const char *metric, int size)
{
	int p[2];
	if (pipe(p) != 0) {
		not_available(metric, "pipe: %s", errno_name(errno));
		return;
	}
	if (size && fcntl(p[1], F_SETPIPE_SZ, size) < size) {
		not_available(metric, "F_SETPIPE_SZ: %s", errno_name(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		close(p[0]);
		stream_serve(p[1]);
		_exit(0);
	}
	close(p[1]);
	stream_time(p[0], metric);
	close(p[0]);
	int status;
	waitpid(child, &status, 0);
}

/* A byte each way through two pipes (parent -> child, child -> parent). */
static void pipe_pingpong(const char *metric)
{
	int down[2], up[2];
	if (pipe(down) != 0 || pipe(up) != 0) {
		not_available(metric, "pipe: %s", errno_name(errno));
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		pingpong_serve2(down[0], up[1], ROUNDS);
		_exit(0);
	}
	pingpong_time2(down[1], up[0], ROUNDS, metric);
	int status;
	waitpid(child, &status, 0);
}

int main(void)
{
	pipe_stream("pipe_64k_mbps", 0);
	pipe_stream("pipe_1m_buf_64k_mbps", 1 << 20);
	pipe_pingpong("pipe_pingpong_ns");
	bench_done();
	return 0;
}
