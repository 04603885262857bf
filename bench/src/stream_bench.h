/*
 * stream_bench.h — the two measurements every stream-socket benchmark makes
 * (tcp_loopback.c, unix_socket.c; the ping-pong also pipe.c's over two
 * pipes), header-only: a 1-byte ping-pong (one
 * warm-up round, then `rounds` timed round trips) and the bandwidth of
 * STREAM_BULK bytes written in STREAM_CHUNK writes and read in
 * STREAM_CHUNK reads. The echoing / sending side is a forked child that
 * calls the *_serve functions and exits on a failure; the parent times.
 */
#pragma once

#include "bench.h"
#include <unistd.h>

#define STREAM_BULK (64 * 1024 * 1024) /* bytes moved in the bandwidth run */
#define STREAM_CHUNK (64 * 1024)

static char stream_buf[STREAM_CHUNK];

/* The child's half of the ping-pong: read a byte from in, send it back on out. */
static inline void pingpong_serve2(int in, int out, int rounds)
{
	char c;
	for (int i = 0; i < rounds + 1; i++)
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			_exit(1);
}

static inline void pingpong_serve(int s, int rounds)
{
	pingpong_serve2(s, s, rounds);
}

/* The parent's half, writing to out and reading the answer from in:
 * reports `metric` in ns per round trip; false on a failure. */
static inline bool pingpong_time2(int out, int in, int rounds, const char *metric)
{
	char c = 'x';
	double start = 0;
	bool ok = true;
	for (int i = 0; i < rounds + 1 && ok; i++) { /* one warm-up round, then the timed ones */
		if (i == 1)
			start = now_ns();
		ok = write(out, &c, 1) == 1 && read(in, &c, 1) == 1;
	}
	double end = now_ns();
	if (ok)
		result(metric, (end - start) / rounds);
	else
		not_available(metric, "read/write: %s", errno_name(errno));
	return ok;
}

static inline bool pingpong_time(int s, int rounds, const char *metric)
{
	return pingpong_time2(s, s, rounds, metric);
}

/* The child's half of the bandwidth run: STREAM_BULK bytes in STREAM_CHUNK writes. */
static inline void stream_serve(int s)
{
	for (long sent = 0; sent < STREAM_BULK;) {
		long n = write(s, stream_buf, STREAM_CHUNK);
		if (n <= 0)
			_exit(1);
		sent += n;
	}
}

/* The parent's half: reads STREAM_BULK bytes and reports `metric` in MB/s. */
static inline void stream_time(int s, const char *metric)
{
	long got = 0, n = 0;
	double start = now_ns();
	while (got < STREAM_BULK && (n = read(s, stream_buf, STREAM_CHUNK)) > 0)
		got += n;
	double end = now_ns();
	if (got == STREAM_BULK)
		result(metric, STREAM_BULK / ((end - start) / 1e9) / 1e6);
	else
		not_available(metric, "read: %s", errno_name(n < 0 ? errno : EPIPE));
}
