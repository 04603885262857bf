/*
 * fanotify_overflow.c — a full fanotify queue (fs/notify/notification.c
 * fsnotify_insert_event, Linux 6.1): max_queued_events events are queued,
 * then one FAN_Q_OVERFLOW (fd FAN_NOFD, pid 0) stands for every event lost;
 * FIONREAD counts it; events of distinct files never merge. With
 * FAN_UNLIMITED_QUEUE nothing is lost. The limit is 16384 by default and
 * read when a group is made (fanotify_init's group->max_events): the test
 * sets fs.fanotify.max_queued_events to 200 first, as 16,400 opens took
 * Linux 25 s under QEMU, and puts it back at the end.
 */
#include "fanotify_test.h"

#define MAX_QUEUED "/proc/sys/fs/fanotify/max_queued_events"
#define QUEUE "200"
#define FILES 216

static char buf[24 * 128] __attribute__((aligned(8)));

static void open_all(void)
{
	char path[64];
	for (int i = 0; i < FILES; i++) {
		snprintf(path, sizeof path, "/tmp/fov/%d", i);
		close(open(path, O_RDONLY));
	}
}

static void read_all(int fan, const char *label)
{
	int avail = -1;
	ioctl(fan, FIONREAD, &avail);
	long events = 0, overflows = 0, bad = 0;
	for (;;) {
		ssize_t n = read(fan, buf, sizeof buf);
		if (n <= 0)
			break;
		const struct fanotify_event_metadata *e = (const void *)buf;
		while (FAN_EVENT_OK(e, n)) {
			events++;
			if (e->mask == FAN_Q_OVERFLOW) {
				overflows++;
				say("  overflow after %ld events: fd %d pid %d\n", events - 1, e->fd, e->pid);
			} else if (e->mask != FAN_OPEN || e->fd < 0 || e->pid != getpid()) {
				bad++;
			}
			if (e->fd >= 0)
				close(e->fd);
			e = FAN_EVENT_NEXT(e, n);
		}
	}
	say("%s: FIONREAD %d, %ld events, %ld overflows, %ld unexpected, then %s\n", label, avail, events, overflows,
	    bad, errname(errno));
}

int main(void)
{
	char old_limit[32] = "";
	slurp_file(MAX_QUEUED, old_limit, sizeof old_limit);
	say("max_queued_events: %s", old_limit);
	say("set to %s: %ld\n", QUEUE, write_sysctl(MAX_QUEUED, QUEUE));
	mkdir("/tmp/fov", 0755);
	char path[64];
	for (int i = 0; i < FILES; i++) {
		snprintf(path, sizeof path, "/tmp/fov/%d", i);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	FM("mark dir", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fov");
	open_all();
	read_all(fan, "queue of " QUEUE);
	open_all();
	read_all(fan, "again");
	close(fan);
	fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK | FAN_UNLIMITED_QUEUE, O_RDONLY);
	FM("mark dir", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fov");
	open_all();
	read_all(fan, "unlimited queue");
	close(fan);
	say("put back: %ld\n", write_sysctl(MAX_QUEUED, old_limit));
	say_file("max_queued_events", MAX_QUEUED);
	done();
	return 0;
}
