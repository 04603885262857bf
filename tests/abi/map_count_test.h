/* map_count_test.h — shared helpers of the vm.max_map_count tests
 * (max_map_count_*.c): the VMA count as the lines of /proc/self/maps, and
 * setting the limit. */
#pragma once

#include "lvtest.h"

static char map_count_buf[65536];

/* The VMAs of the process: one line each in /proc/self/maps. */
static inline int count_vmas(void)
{
	ssize_t n = slurp_file("/proc/self/maps", map_count_buf, sizeof map_count_buf);
	int lines = 0;
	for (ssize_t i = 0; i < n; i++)
		lines += map_count_buf[i] == '\n';
	return lines;
}

static inline long write_limit(const char *value)
{
	return write_sysctl("/proc/sys/vm/max_map_count", value);
}

static inline void set_limit(int value)
{
	char text[32];
	snprintf(text, sizeof text, "%d\n", value);
	if (write_limit(text) < 0)
		say("setting %d failed: %s\n", value, errname(errno));
}
