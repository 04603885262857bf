/*
 * pipe_direct_handover.c — a write into a pipe whose reader is asleep in
 * read(2) (pipe(7); Linux fs/pipe.c pipe_read/pipe_write; LevitateOS copies
 * such a write straight into the reader's buffer, fs/pipe.c "direct
 * hand-over"): what the reader gets must be what Linux's reader gets when
 * its buffer is only partly writable or not yet touched, when the writer's
 * own buffer is not yet touched, when a signal interrupts the read, with
 * several readers, and over a long mixed-size stream. A process that forks
 * while one of its threads waits in read must not see the bytes a later
 * write brings in its child's copy of the buffer.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "lvtest.h"

#define PAGE 4096

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 13 + i / 4096);
}

static size_t differ(const unsigned char *p, size_t n, unsigned seed)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += p[i] != (unsigned char)(seed + i * 13 + i / 4096);
	return bad;
}

/* A child writes the first `touch` bytes of buf (its own copies of those
 * pages, after the fork), blocks in read(fd, buf, len) and reports; the
 * parent writes what `src` holds once the child sleeps. */
static void one_read(const char *label, unsigned char *buf, size_t len, size_t touch, const unsigned char *src,
		     size_t src_len)
{
	int p[2];
	if (pipe(p))
		return;
	pid_t child = fork();
	if (child == 0) {
		close(p[1]);
		memset(buf, 0, touch);
		ssize_t n = read(p[0], buf, len);
		int e = errno;
		if (n < 0) {
			say("%s: read: %s\n", label, errname(e));
		} else {
			size_t zeros = 0;
			for (ssize_t i = 0; i < n; i++)
				zeros += buf[i] == 0;
			say("%s: read %zd bytes, %zu differ from the pattern, %zu zero\n", label, n,
			    differ(buf, (size_t)n, 1), zeros);
			ssize_t rest = read(p[0], (unsigned char *)buf, (size_t)n < src_len ? PAGE : 0);
			if ((size_t)n < src_len)
				say("%s: the next read: %zd\n", label, rest);
		}
		_exit(0);
	}
	close(p[0]);
	wait_until_sleeping(child);
	ssize_t w = write(p[1], src, src_len);
	waitpid(child, NULL, 0); /* the child's lines first */
	say("%s: wrote %zd\n", label, w);
	close(p[1]);
}

static void partial_buffers(void)
{
	unsigned char *src = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill(src, 2 * PAGE, 1);

	/* the reader's second page is read-only */
	unsigned char *ro = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(ro, 0, 2 * PAGE);
	mprotect(ro + PAGE, PAGE, PROT_READ);
	one_read("second reader page read-only", ro, 2 * PAGE, PAGE, src, 2 * PAGE);

	/* the reader's buffer never touched */
	unsigned char *fresh = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	one_read("reader buffer untouched", fresh, 4 * PAGE, 0, src, 2 * PAGE);

	/* the writer's second page never touched: it reads as zeros */
	unsigned char *half = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fill(half, PAGE, 1);
	unsigned char *dst = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(dst, 0xff, 2 * PAGE);
	one_read("writer second page untouched", dst, 2 * PAGE, 2 * PAGE, half, 2 * PAGE);

	/* a reader buffer smaller than the write: the rest waits in the pipe */
	unsigned char *small = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(small, 0, PAGE);
	one_read("reader buffer of 1000 bytes", small, 1000, PAGE, src, 2 * PAGE);
	one_read("reader buffer half touched", fresh + 2 * PAGE, 2 * PAGE, PAGE, src, 2 * PAGE);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A read interrupted by a signal; the next write must reach the next read,
 * not the interrupted one's buffer. */
static void interrupted_read(void)
{
	int p[2], back[2];
	if (pipe(p) || pipe(back))
		return;
	pid_t child = fork();
	if (child == 0) {
		close(p[1]);
		close(back[0]);
		struct sigaction sa = {.sa_handler = on_usr1}; /* no SA_RESTART */
		sigaction(SIGUSR1, &sa, NULL);
		unsigned char first[PAGE], second[PAGE];
		memset(first, 0, sizeof first);
		memset(second, 0, sizeof second);
		ssize_t n = read(p[0], first, sizeof first);
		int e = errno;
		say("interrupted read: %zd %s, its buffer untouched: %s\n", n, n < 0 ? errname(e) : "",
		    first[0] == 0 && first[PAGE - 1] == 0 ? "yes" : "no");
		(void)!write(back[1], "r", 1);
		n = read(p[0], second, sizeof second);
		say("the next read: %zd bytes, %zu differ\n", n, differ(second, n > 0 ? (size_t)n : 0, 1));
		_exit(0);
	}
	close(p[0]);
	wait_until_sleeping(child);
	close(back[1]);
	kill(child, SIGUSR1);
	char mark;
	(void)!read(back[0], &mark, 1); /* the child printed; it goes on to its second read */
	wait_until_sleeping(child);
	close(back[0]);
	unsigned char src[PAGE];
	fill(src, sizeof src, 1);
	ssize_t w = write(p[1], src, sizeof src);
	waitpid(child, NULL, 0);
	say("wrote %zd after the signal\n", w);
	close(p[1]);
}

/* Two readers asleep on one pipe; two writes; together they get both. */
static void two_readers(void)
{
	int p[2], back[2];
	if (pipe(p) || pipe(back))
		return;
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			close(p[1]);
			close(back[0]);
			unsigned char buf[3 * PAGE];
			memset(buf, 0, sizeof buf);
			ssize_t n = read(p[0], buf, sizeof buf);
			long sum = 0;
			for (ssize_t i = 0; i < n; i++)
				sum += buf[i];
			long out[2] = {n, sum};
			(void)!write(back[1], out, sizeof out);
			_exit(0);
		}
	}
	close(back[1]);
	for (int k = 0; k < 2; k++)
		wait_until_sleeping(kids[k]);
	unsigned char src[2 * PAGE];
	fill(src, sizeof src, 1);
	long want = 0;
	for (size_t i = 0; i < sizeof src; i++)
		want += src[i];
	ssize_t w1 = write(p[1], src, PAGE);
	long first[2] = {0, 0}, second[2] = {0, 0};
	(void)!read(back[0], first, sizeof first); /* one reader has the first write */
	ssize_t w2 = write(p[1], src + PAGE, PAGE);
	(void)!read(back[0], second, sizeof second);
	for (int k = 0; k < 2; k++)
		waitpid(kids[k], NULL, 0);
	say("two readers: wrote %zd + %zd, read %ld + %ld, sums match: %s\n", w1, w2, first[0], second[0],
	    first[1] + second[1] == want ? "yes" : "no");
	close(p[0]);
	close(p[1]);
	close(back[0]);
}

/* 8 MiB in writes of varying size, read in reads of varying size. */
static void mixed_stream(void)
{
	static const size_t wsizes[] = {1, 100, 4096, 4097, 65536, 70000, 200000, 12345};
	static const size_t rsizes[] = {65536, 1000, 4096, 131072, 7, 50000, 65535};
	const size_t total = 8 << 20;
	int p[2];
	if (pipe(p))
		return;
	pid_t child = fork();
	if (child == 0) {
		close(p[0]);
		static unsigned char src[200000];
		size_t sent = 0;
		for (unsigned i = 0; sent < total; i++) {
			size_t n = wsizes[i % 8] < total - sent ? wsizes[i % 8] : total - sent;
			for (size_t j = 0; j < n; j++)
				src[j] = (unsigned char)((sent + j) * 31 + (sent + j) / 65536);
			if (write(p[1], src, n) != (ssize_t)n)
				_exit(1);
			sent += n;
		}
		_exit(0);
	}
	close(p[1]);
	static unsigned char buf[131072];
	size_t got = 0, bad = 0;
	for (unsigned i = 0;; i++) {
		ssize_t n = read(p[0], buf, rsizes[i % 7]);
		if (n <= 0)
			break;
		for (ssize_t j = 0; j < n; j++)
			bad += buf[j] != (unsigned char)((got + (size_t)j) * 31 + (got + (size_t)j) / 65536);
		got += (size_t)n;
	}
	int status;
	waitpid(child, &status, 0);
	say("mixed stream: %zu bytes, %zu differ, writer status %d\n", got, bad, WEXITSTATUS(status));
	close(p[0]);
}

/* A thread reads 1 MiB at a time into `shared_buf` while the main thread
 * forks: each child's copy of the buffer must stay as it was at the fork
 * (a write into the reader's frames must not go on once fork shares them),
 * and the reader gets the writer's bytes. */
#define FORKS 50
static int fork_pipe[2];
#define CHUNK (1 << 20) /* long copies: a fork lands inside one */
static unsigned char shared_buf[CHUNK];
static size_t stream_bad; /* bytes the reader got that are not the writer's */

static void *fork_reader(void *arg)
{
	(void)arg;
	size_t got = 0;
	for (;;) {
		ssize_t n = read(fork_pipe[0], shared_buf, sizeof shared_buf);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			stream_bad += shared_buf[i] != (unsigned char)((got + (size_t)i) / CHUNK % 251 + 1);
		got += (size_t)n;
	}
	return (void *)got;
}

static void fork_while_reading(void)
{
	if (pipe(fork_pipe) || fcntl(fork_pipe[1], F_SETPIPE_SZ, CHUNK) < 0)
		return;
	memset(shared_buf, 0, sizeof shared_buf);
	pid_t writer = fork();
	if (writer == 0) {
		close(fork_pipe[0]);
		static unsigned char chunk[CHUNK];
		for (unsigned i = 0; i < FORKS; i++) {
			memset(chunk, (int)(i % 251) + 1, sizeof chunk);
			if (write(fork_pipe[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk)
				_exit(1);
		}
		_exit(0);
	}
	close(fork_pipe[1]);
	pthread_t reader;
	pthread_create(&reader, NULL, fork_reader, NULL);
	int changed = 0, forks = 0;
	for (; forks < FORKS; forks++) {
		pid_t c = fork();
		if (c == 0) {
			static unsigned char before[CHUNK];
			memcpy(before, shared_buf, sizeof before);
			for (int i = 0; i < 200; i++)
				sched_yield();
			_exit(memcmp(before, shared_buf, sizeof before) != 0);
		}
		int status;
		waitpid(c, &status, 0);
		changed += WIFEXITED(status) && WEXITSTATUS(status) != 0;
	}
	void *got;
	pthread_join(reader, &got);
	int status;
	waitpid(writer, &status, 0);
	say("fork while a thread reads: %d forks, children whose buffer changed: %d; %zu bytes read, %zu "
	    "differ, writer status %d\n",
	    forks, changed, (size_t)got, stream_bad, WEXITSTATUS(status));
	close(fork_pipe[0]);
}

int main(void)
{
	partial_buffers();
	interrupted_read();
	two_readers();
	mixed_stream();
	fork_while_reading();
	done();
	return 0;
}
