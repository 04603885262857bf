/*
 * exhaust_fd_emfile.c — descriptors until EMFILE (open(2), pipe(2),
 * socket(2), dup(2) ERRORS; Linux fs/file.c alloc_fd checks RLIMIT_NOFILE).
 * With the limit at 64, open fills fds 3..63 and the next open, pipe,
 * socketpair, eventfd, epoll_create1 and dup fail with EMFILE; a pipe needs
 * two free fds, so with one free it fails too and the free fd stays free.
 * Closing one lets the next open take exactly that number. Closing all
 * leaves a healthy kernel.
 */
#include "exhaust.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define LIMIT 64

int main(void)
{
	struct rlimit rl = {LIMIT, LIMIT};
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	int last = -1, n = 0;
	for (;;) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			say("open stopped after %d fds (highest %d): %s\n", n, last, errname(errno));
			break;
		}
		last = fd;
		n++;
	}
	int p[2];
	expect_err("pipe", pipe(p), errno, EMFILE);
	expect_err("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, p), errno, EMFILE);
	expect_err("eventfd", eventfd(0, 0), errno, EMFILE);
	expect_err("epoll_create1", epoll_create1(0), errno, EMFILE);
	expect_err("dup", dup(0), errno, EMFILE);
	close(17);
	expect_err("pipe with one fd free", pipe(p), errno, EMFILE);
	show_ret("open with fd 17 free", open("/dev/null", O_RDONLY), errno);
	for (int fd = 3; fd < LIMIT; fd++)
		close(fd);
	show_ret("open after closing them", open("/dev/null", O_RDONLY), errno);
	health_probe();
	done();
	return 0;
}
