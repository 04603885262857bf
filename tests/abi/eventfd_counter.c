/*
 * eventfd_counter.c — eventfd2(2) (Linux fs/eventfd.c): writes add to the
 * counter, a read takes all of it (or 1 with EFD_SEMAPHORE); a zero
 * counter makes a non-blocking read EAGAIN; fewer than 8 bytes, writing
 * 0xffffffffffffffff and unknown flags are EINVAL; a write that would
 * overflow is EAGAIN when non-blocking and waits for a read otherwise;
 * poll shows POLLIN/POLLOUT; EFD_NONBLOCK is O_NONBLOCK in F_GETFL and
 * /proc/self/fd names it anon_inode:[eventfd].
 */
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/wait.h>

#include "anon_fd_test.h"
#include "gate_test.h"

static void rd(int fd, const char *what)
{
	uint64_t v = 0;
	ssize_t n = read(fd, &v, sizeof v);
	if (n < 0)
		say("%s: read %s\n", what, errname(errno));
	else
		say("%s: read %zd bytes, %llu\n", what, n, (unsigned long long)v);
}

static void wr(int fd, uint64_t v, const char *what)
{
	ssize_t n = write(fd, &v, sizeof v);
	say("%s: write %s\n", what, n < 0 ? errname(errno) : "8");
}

static void show_poll(int fd, const char *what)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	int n = poll(&p, 1, 0);
	say("%s: poll %d in=%d out=%d err=%d\n", what, n, !!(p.revents & POLLIN), !!(p.revents & POLLOUT),
	    !!(p.revents & POLLERR));
}

int main(void)
{
	int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
	show_anon_fd(fd);
	show_poll(fd, "initial 3");
	wr(fd, 4, "add 4");
	rd(fd, "take all");
	rd(fd, "empty");
	show_poll(fd, "empty");
	uint32_t small = 1;
	say("short write: %s\n", write(fd, &small, 4) < 0 ? errname(errno) : "ok");
	say("short read: %s\n", read(fd, &small, 4) < 0 ? errname(errno) : "ok");
	wr(fd, UINT64_MAX, "max");
	wr(fd, UINT64_MAX - 1, "max-1");
	show_poll(fd, "full");
	wr(fd, 1, "overflow");
	rd(fd, "drain");
	say("bad flags: %s\n", syscall(SYS_eventfd2, 0, 0x10) < 0 ? errname(errno) : "ok");

	int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	rd(sem, "sem 1");
	rd(sem, "sem 2");
	rd(sem, "sem 3");

	/* a blocking write that would overflow waits for a read in another process */
	int blk = eventfd(0, 0);
	wr(blk, UINT64_MAX - 2, "blocking fill");
	int go[2];
	pid_t child = fork_at_gate(go);
	if (child == 0) {
		uint64_t five = 5;
		ssize_t n = write(blk, &five, sizeof five); /* waits until the parent reads */
		_exit(n == 8 ? 0 : 1);
	}
	gate_open(go);
	rd(blk, "parent takes");
	int status;
	waitpid(child, &status, 0);
	say("child write done, status %d\n", WEXITSTATUS(status));
	rd(blk, "parent takes again");
	say("done\n");
	return 0;
}
