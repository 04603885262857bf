/*
 * pipe_basic.c — pipes (pipe(7), fs/pipe.c): bytes come out in order, the
 * read end sees end of file once the last writer closes, writing with no
 * reader is EPIPE (SIGPIPE ignored here), O_NONBLOCK gives EAGAIN on an
 * empty pipe and on a full one (64 KiB), FIONREAD counts the bytes waiting,
 * poll reports readiness and hang-up, fstat says S_IFIFO, lseek is ESPIPE,
 * the wrong end is EBADF, and pipe2 checks its flags and pointer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

static int chain[2];

static void *producer(void *arg)
{
	char block[1000];
	for (int i = 0; i < 200; i++) {
		memset(block, 'a' + i % 26, sizeof(block));
		write(chain[1], block, sizeof(block));
	}
	close(chain[1]);
	return 0;
}

int main(void)
{
	int p[2];
	show_ret("pipe2", pipe2(p, O_CLOEXEC), errno);
	show_ret("write 5", write(p[1], "hello", 5), errno);
	int avail = -1;
	ioctl(p[0], FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	char buf[64];
	long n = read(p[0], buf, sizeof(buf));
	say("read: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	struct stat st;
	fstat(p[0], &st);
	say("S_ISFIFO: %d\n", S_ISFIFO(st.st_mode));
	expect_err("lseek", lseek(p[0], 0, SEEK_SET), errno, ESPIPE);
	expect_err("read from the write end", read(p[1], buf, 1), errno, EBADF);
	expect_err("write to the read end", write(p[0], "x", 1), errno, EBADF);
	say("F_GETFD has FD_CLOEXEC: %d\n", fcntl(p[0], F_GETFD) == FD_CLOEXEC);

	struct pollfd pf[2] = {{.fd = p[0], .events = POLLIN}, {.fd = p[1], .events = POLLOUT}};
	say("poll empty: %d, read end %#x, write end %#x\n", poll(pf, 2, 0), pf[0].revents, pf[1].revents);
	write(p[1], "z", 1);
	say("poll with data: %d, read end %#x\n", poll(pf, 1, 0), pf[0].revents);
	read(p[0], buf, 1);

	fcntl(p[0], F_SETFL, O_NONBLOCK);
	expect_err("non-blocking read of an empty pipe", read(p[0], buf, 1), errno, EAGAIN);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	long total = 0, w;
	char big[4096];
	memset(big, 'q', sizeof(big));
	while ((w = write(p[1], big, sizeof(big))) > 0)
		total += w;
	say("a full pipe holds %ld bytes, then: %s\n", total, errname(errno));

	close(p[1]);
	fcntl(p[0], F_SETFL, 0);
	long drained = 0;
	while ((n = read(p[0], big, sizeof(big))) > 0)
		drained += n;
	say("drained %ld, then read returns %ld (end of file)\n", drained, n);
	pf[0].events = POLLIN;
	say("poll after the writer closed: %#x\n", (poll(pf, 1, 0), pf[0].revents));
	close(p[0]);

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	expect_err("write with no reader", write(p[1], "x", 1), errno, EPIPE);
	close(p[1]);

	expect_err("pipe2 bad flags", pipe2(p, 0x40), errno, EINVAL);
	expect_err("pipe2 bad pointer", syscall(SYS_pipe2, (void *)8, 0), errno, EFAULT);

	pipe(chain);
	pthread_t t;
	pthread_create(&t, 0, producer, 0);
	long got = 0, sum = 0;
	while ((n = read(chain[0], big, 700)) > 0) {
		for (long i = 0; i < n; i++)
			sum += big[i];
		got += n;
	}
	pthread_join(t, 0);
	say("across threads: %ld bytes, checksum %ld\n", got, sum);
	done();
	return 0;
}
