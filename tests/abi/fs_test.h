/* fs_test.h — shared by the file-system tests: R() reports a call's result
 * (0 for any success, or -1 and the errno name). */
#pragma once
#include "lvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#define R(label, expr)                                    \
	do {                                              \
		errno = 0;                                \
		long r_ = (long)(expr);                   \
		show_ret(label, r_ >= 0 ? 0 : r_, errno); \
	} while (0)

/* mountinfo's optional fields of the mount at path (shared:N printed as
 * "shared": the numbers differ between kernels). */
static inline void show_mount_prop(const char *label, const char *path)
{
	static char text[16384];
	if (slurp_file("/proc/self/mountinfo", text, sizeof text) < 0)
		return;
	char out[128] = "(not mounted)";
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char where[256];
		int skip = 0;
		if (sscanf(line, "%*d %*d %*s %*s %255s %*s %n", where, &skip) != 1 || strcmp(where, path) != 0)
			continue;
		char *rest = line + skip, *dash = strstr(rest, "- ");
		if (dash)
			*dash = '\0';
		out[0] = '\0';
		for (char *f = strtok_r(rest, " ", &rest); f; f = strtok_r(NULL, " ", &rest)) {
			strncat(out, strncmp(f, "shared:", 7) == 0 ? "shared" : f, sizeof out - strlen(out) - 2);
			strcat(out, " ");
		}
	}
	say("%s: [%s]\n", label, out);
}

/* A mask as its bits' names joined by '|', unknown bits as one hex number. */
struct bit_name {
	unsigned long long bit;
	const char *name;
};

static inline void bit_names(unsigned long long m, const struct bit_name *names, size_t count, char *out, size_t size)
{
	out[0] = 0;
	for (size_t i = 0; i < count; i++) {
		if (m & names[i].bit) {
			if (out[0])
				strncat(out, "|", size - strlen(out) - 1);
			strncat(out, names[i].name, size - strlen(out) - 1);
			m &= ~names[i].bit;
		}
	}
	if (m)
		snprintf(out + strlen(out), size - strlen(out), "|0x%llx", m);
}

/* Reads a non-blocking event descriptor (inotify, fanotify) until EAGAIN,
 * printing each read with print, under the heading step. */
static inline void drain_events(int fd, const char *step, int (*print)(const char *buf, ssize_t n))
{
	char buf[8192] __attribute__((aligned(8)));
	say("%s:\n", step);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			if (errno != EAGAIN)
				say("  read: %s\n", errname(errno));
			return;
		}
		print(buf, n);
	}
}
