/*
 * inotify_sysctl.c — /proc/sys/fs/inotify/max_queued_events and
 * max_user_instances (Linux 6.1 fs/notify/inotify/inotify_user.c): their
 * defaults; a new instance takes the queue limit in force when it is made
 * (one made before keeps the old one); instances are counted per user and
 * the one past the limit is EMFILE; a negative or non-numeric value is
 * EINVAL.
 */
#include "inotify_test.h"

#include <sys/wait.h>

/* 12 events that do not merge, then how many are queued and whether the last overflowed. */
static void fill(const char *label, int in, int fd)
{
	char c = 0, buf[4096] __attribute__((aligned(8)));
	for (int i = 0; i < 6; i++) {
		pwrite(fd, &c, 1, 0);
		pread(fd, &c, 1, 0);
	}
	ssize_t n = read(in, buf, sizeof buf);
	int count = 0;
	unsigned last = 0;
	for (ssize_t off = 0; off < n; count++) {
		struct inotify_event *e = (void *)(buf + off);
		last = e->mask;
		off += (ssize_t)(sizeof *e + e->len);
	}
	say("%s: %d events, last %s\n", label, count, last == IN_Q_OVERFLOW ? "IN_Q_OVERFLOW" : "an event");
}

int main(void)
{
	char q[32] = {0}, u[32] = {0};
	slurp_file("/proc/sys/fs/inotify/max_queued_events", q, sizeof q);
	slurp_file("/proc/sys/fs/inotify/max_user_instances", u, sizeof u);
	say("max_queued_events %smax_user_instances %s", q, u);
	int fd = open("/tmp/isys", O_CREAT | O_RDWR, 0644);
	int before = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(before, "/tmp/isys", IN_ACCESS | IN_MODIFY);
	put("max_queued_events", "10");
	put("max_queued_events", "-1");
	put("max_queued_events", "ten");
	int after = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(after, "/tmp/isys", IN_ACCESS | IN_MODIFY);
	fill("made after", after, fd);
	fill("made before", before, fd);
	put("max_queued_events", q);

	put("max_user_instances", "4");
	int extra = inotify_init1(0), more = inotify_init1(0); /* with before and after: 4 */
	R("a fifth instance", inotify_init1(0));
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		R("another user's first", inotify_init1(0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(extra);
	R("after one closed", inotify_init1(0));
	close(more);
	put("max_user_instances", u);
	unlink("/tmp/isys");
	done();
	return 0;
}
