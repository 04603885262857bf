/* fanotify_test.h — shared by the fanotify tests: fan_print() prints each
 * event of a read as "MASK fd=PATH pid=WHO" (masks by their FAN_* names,
 * the event's descriptor by the path it names, which it then closes, the
 * pid as "self", "child" or a number), fan_drain() reads and prints every
 * event queued on a non-blocking group. */
#pragma once
#include "fs_test.h"

#include <poll.h>
#include <sys/fanotify.h>
#include <sys/ioctl.h>

/* what musl's header lacks (Linux 5.16+ values) */
#ifndef FAN_FS_ERROR
#define FAN_FS_ERROR 0x00008000
#endif
#ifndef FAN_MARK_EVICTABLE
#define FAN_MARK_EVICTABLE 0x00000200
#endif
#ifndef FAN_MARK_IGNORE
#define FAN_MARK_IGNORE 0x00000400
#endif

static pid_t fan_child; /* printed as "child" */

static inline void fan_mask(unsigned long long m, char *out, size_t size)
{
	static const struct bit_name names[] = {
		{FAN_ACCESS, "ACCESS"},
		{FAN_MODIFY, "MODIFY"},
		{FAN_CLOSE_WRITE, "CLOSE_WRITE"},
		{FAN_CLOSE_NOWRITE, "CLOSE_NOWRITE"},
		{FAN_OPEN, "OPEN"},
		{FAN_OPEN_EXEC, "OPEN_EXEC"},
		{FAN_Q_OVERFLOW, "Q_OVERFLOW"},
		{FAN_OPEN_PERM, "OPEN_PERM"},
		{FAN_ACCESS_PERM, "ACCESS_PERM"},
		{FAN_OPEN_EXEC_PERM, "OPEN_EXEC_PERM"},
		{FAN_ONDIR, "ONDIR"},
		{FAN_EVENT_ON_CHILD, "EVENT_ON_CHILD"},
	};
	bit_names(m, names, sizeof names / sizeof names[0], out, size);
}

static inline const char *fan_who(int pid)
{
	static char buf[16];
	if (pid == getpid())
		return "self";
	if (fan_child && pid == fan_child)
		return "child";
	snprintf(buf, sizeof buf, "%d", pid);
	return buf;
}

/* Prints one event; closes its descriptor unless keep. */
static inline void fan_print_one(const struct fanotify_event_metadata *e, int keep)
{
	char m[200], path[256] = "NOFD";
	fan_mask(e->mask, m, sizeof m);
	if (e->fd >= 0) {
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", e->fd);
		ssize_t n = readlink(link, path, sizeof path - 1);
		path[n < 0 ? 0 : n] = 0;
	}
	if (e->event_len != sizeof *e || e->vers != FANOTIFY_METADATA_VERSION || e->metadata_len != sizeof *e)
		say("  bad header: len %u vers %u metadata_len %u\n", e->event_len, e->vers, e->metadata_len);
	say("  %s fd=%s pid=%s\n", m, path, fan_who(e->pid));
	if (e->fd >= 0 && !keep)
		close(e->fd);
}

static inline int fan_print(const char *buf, ssize_t n)
{
	int count = 0;
	const struct fanotify_event_metadata *e = (const void *)buf;
	while (FAN_EVENT_OK(e, n)) {
		fan_print_one(e, 0);
		e = FAN_EVENT_NEXT(e, n);
		count++;
	}
	return count;
}

static inline void fan_drain(int fd, const char *step)
{
	drain_events(fd, step, fan_print);
}

#define FM(label, fd, flags, mask, dfd, path) R(label, fanotify_mark(fd, flags, mask, dfd, path))
