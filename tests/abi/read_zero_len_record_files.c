/*
 * read_zero_len_record_files.c — read(2) of 0 bytes: Linux's vfs_read asks
 * the file whatever the count, and the files that hand out fixed-size
 * records refuse a buffer shorter than one, so eventfd and timerfd
 * (8 bytes) and signalfd (128 bytes) answer EINVAL even for 0 bytes; a
 * pipe, /dev/null and a regular file answer 0 at once (pipe_read's "null
 * read succeeds", an empty pipe does not block). readv of nothing is 0 for
 * every file: do_iter_read returns before asking the file.
 */
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>

#include "lvtest.h"

static void zero_read(int fd, const char *what)
{
	char c;
	ssize_t n = read(fd, &c, 0);
	say("%s: read 0 -> %s\n", what, n < 0 ? errname(errno) : n == 0 ? "0" : "bytes");
	struct iovec iov = {.iov_base = &c, .iov_len = 0};
	n = readv(fd, &iov, 1);
	say("%s: readv 0 -> %s\n", what, n < 0 ? errname(errno) : n == 0 ? "0" : "bytes");
}

int main(void)
{
	zero_read(eventfd(0, EFD_NONBLOCK), "eventfd");
	zero_read(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK), "timerfd");
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	zero_read(signalfd(-1, &set, SFD_NONBLOCK), "signalfd");
	int p[2];
	pipe(p);
	zero_read(p[0], "empty pipe");
	zero_read(open("/dev/null", O_RDONLY), "/dev/null");
	int fd = open("/tmp/rz", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "abc", 3);
	lseek(fd, 0, SEEK_SET);
	zero_read(fd, "file");
	say("file position after: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	unlink("/tmp/rz");
	say("done\n");
	return 0;
}
