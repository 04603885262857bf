/*
 * fanotify_overflow.c — a full fanotify queue (fs/notify/notification.c
 * fsnotify_insert_event, Linux 6.1): 16384 events are queued, then one
 * FAN_Q_OVERFLOW (fd FAN_NOFD, pid 0) stands for every event lost; FIONREAD
 * counts it; events of distinct files never merge. With FAN_UNLIMITED_QUEUE
 * nothing is lost.
 */
#include "fanotify_test.h"

#define FILES 16400

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
	mkdir("/tmp/fov", 0755);
	char path[64];
	for (int i = 0; i < FILES; i++) {
		snprintf(path, sizeof path, "/tmp/fov/%d", i);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	FM("mark dir", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fov");
	open_all();
	read_all(fan, "default queue");
	open_all();
	read_all(fan, "again");
	close(fan);
	fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK | FAN_UNLIMITED_QUEUE, O_RDONLY);
	FM("mark dir", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fov");
	open_all();
	read_all(fan, "unlimited queue");
	close(fan);
	done();
	return 0;
}
