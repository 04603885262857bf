/*
 * inotify_read_rules.c — reading an inotify descriptor
 * (fs/notify/inotify/inotify_user.c inotify_read, inotify_poll,
 * inotify_ioctl; fs/notify/notification.c fsnotify_add_event): names padded
 * with NULs to a multiple of 16 bytes, a buffer too small for the first event
 * is EINVAL, only whole events are returned, O_NONBLOCK gives EAGAIN,
 * FIONREAD counts the bytes queued, poll and epoll see POLLIN, a blocking
 * read waits for an event from another process, an event equal to the last
 * one queued merges into it, and past 16384 queued events one IN_Q_OVERFLOW
 * (wd -1) stands for all that are lost.
 */
#include "inotify_test.h"

#include <sys/epoll.h>
#include <sys/wait.h>

static char buf[400000] __attribute__((aligned(8)));

int main(void)
{
	mkdir("/tmp/irr", 0755);
	int in = inotify_init1(IN_NONBLOCK);
	int wd = inotify_add_watch(in, "/tmp/irr", IN_CREATE | IN_MODIFY | IN_ACCESS);
	say("wd %d\n", wd);
	R("read empty", read(in, buf, sizeof buf));
	int avail = -1;
	R("FIONREAD empty", ioctl(in, FIONREAD, &avail));
	say("FIONREAD %d\n", avail);
	struct pollfd p = {.fd = in, .events = POLLIN};
	say("poll empty: %d\n", poll(&p, 1, 0));
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, got;
	R("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev));
	say("epoll empty: %d\n", epoll_wait(ep, &got, 1, 0));

	close(open("/tmp/irr/a", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/irr/name-of-seventeen", O_CREAT | O_WRONLY, 0644));
	R("FIONREAD", ioctl(in, FIONREAD, &avail));
	say("FIONREAD %d\n", avail);
	p.revents = 0;
	say("poll: %d revents %#x\n", poll(&p, 1, 0), p.revents);
	say("epoll: %d data %u\n", epoll_wait(ep, &got, 1, 0), got.data.u32);
	R("read 16 bytes", read(in, buf, 16));
	R("read 31 bytes", read(in, buf, 31));
	ssize_t n = read(in, buf, 40); /* the first (32 bytes) fits, the second (48) does not */
	say("read 40: %zd\n", n);
	it_print(buf, n);
	memset(buf, 0x55, 64);
	n = read(in, buf, sizeof buf);
	say("read rest: %zd, padding all NUL: %d\n", n, buf[16 + 17] == 0 && buf[47] == 0);
	it_print(buf, n);

	/* merging: the same event twice in a row is queued once */
	int fd = open("/tmp/irr/a", O_RDWR);
	write(fd, "1", 1);
	write(fd, "2", 1);
	pread(fd, buf, 1, 0);
	write(fd, "3", 1);
	drain(in, "write write read write");

	/* a blocking read waits for the child's event */
	int bl = inotify_init1(0);
	inotify_add_watch(bl, "/tmp/irr", IN_CREATE);
	int go[2];
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		close(open("/tmp/irr/from-child", O_CREAT | O_WRONLY, 0644));
		_exit(0);
	}
	write(go[1], "g", 1);
	n = read(bl, buf, sizeof buf);
	say("blocking read: %zd\n", n);
	it_print(buf, n);
	waitpid(pid, NULL, 0);

	/* overflow: 16384 events queued, then one IN_Q_OVERFLOW */
	for (int i = 0; i < 8200; i++) {
		pwrite(fd, "x", 1, 0);
		pread(fd, buf, 1, 0);
	}
	R("FIONREAD full", ioctl(in, FIONREAD, &avail));
	say("FIONREAD %d\n", avail);
	int count = 0, overflows = 0, overflow_at = -1, reads = 0;
	while ((n = read(in, buf, sizeof buf)) > 0) {
		reads++;
		for (ssize_t off = 0; off < n; count++) {
			struct inotify_event *e = (void *)(buf + off);
			if (e->mask == IN_Q_OVERFLOW && e->wd == -1 && e->len == 0) {
				overflows++;
				overflow_at = count;
			}
			off += (ssize_t)(sizeof *e + e->len);
		}
	}
	say("overflow: %d events in %d reads, %d IN_Q_OVERFLOW at index %d, then %s\n", count, reads, overflows,
	    overflow_at, errname(errno));
	pwrite(fd, "x", 1, 0);
	drain(in, "after the overflow was read");
	close(fd);
	close(ep);
	close(in);
	close(bl);
	unlink("/tmp/irr/a");
	unlink("/tmp/irr/name-of-seventeen");
	unlink("/tmp/irr/from-child");
	rmdir("/tmp/irr");
	done();
	return 0;
}
