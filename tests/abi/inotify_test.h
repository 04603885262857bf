/* inotify_test.h — shared by the inotify tests: drain() reads every queued
 * event (non-blocking) and prints it as "wd=N MASK cookie=C name": masks by
 * their IN_* names, cookies by order of first appearance (c1, c2, ...) so the
 * output does not depend on the kernel's cookie counter; put() writes a file
 * of /proc/sys/fs/inotify and prints the result and the value read back. */
#pragma once
#include "fs_test.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>

static inline void put(const char *file, const char *text)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/fs/inotify/%s", file);
	int fd = open(path, O_WRONLY);
	errno = 0;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	char buf[32] = {0};
	slurp_file(path, buf, sizeof buf);
	say("%s <- '%s': %s, now %s", file, text, n < 0 ? errname(errno) : "ok", buf);
}

static unsigned it_cookies[64];
static int it_ncookies;

static inline const char *it_cookie(unsigned c)
{
	static char buf[16];
	if (c == 0)
		return "0";
	int i;
	for (i = 0; i < it_ncookies && it_cookies[i] != c; i++)
		;
	if (i == it_ncookies && it_ncookies < 64)
		it_cookies[it_ncookies++] = c;
	snprintf(buf, sizeof buf, "c%d", i + 1);
	return buf;
}

static inline void it_mask(unsigned m, char *out, size_t size)
{
	static const struct bit_name names[] = {
		{IN_ACCESS, "ACCESS"},
		{IN_MODIFY, "MODIFY"},
		{IN_ATTRIB, "ATTRIB"},
		{IN_CLOSE_WRITE, "CLOSE_WRITE"},
		{IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"},
		{IN_OPEN, "OPEN"},
		{IN_MOVED_FROM, "MOVED_FROM"},
		{IN_MOVED_TO, "MOVED_TO"},
		{IN_CREATE, "CREATE"},
		{IN_DELETE, "DELETE"},
		{IN_DELETE_SELF, "DELETE_SELF"},
		{IN_MOVE_SELF, "MOVE_SELF"},
		{IN_UNMOUNT, "UNMOUNT"},
		{IN_Q_OVERFLOW, "Q_OVERFLOW"},
		{IN_IGNORED, "IGNORED"},
		{IN_ISDIR, "ISDIR"},
	};
	bit_names(m, names, sizeof names / sizeof names[0], out, size);
}

/* Prints the events in buf[0..n). */
static inline int it_print(const char *buf, ssize_t n)
{
	int count = 0;
	for (ssize_t off = 0; off < n;) {
		const struct inotify_event *e = (const void *)(buf + off);
		char m[200];
		it_mask(e->mask, m, sizeof m);
		say("  wd=%d %s cookie=%s len=%u name='%s'\n", e->wd, m, it_cookie(e->cookie), e->len,
		    e->len ? e->name : "");
		off += (ssize_t)(sizeof *e + e->len);
		count++;
	}
	return count;
}

/* Reads and prints what is queued on fd (made with IN_NONBLOCK). */
static inline void drain(int fd, const char *step)
{
	drain_events(fd, step, it_print);
}
