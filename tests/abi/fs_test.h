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
