/* overcommit_test.h — shared helpers of the commit-accounting tests
 * (vm_overcommit*.c): /proc/meminfo fields, the vm.overcommit_* sysctls,
 * anonymous mappings that report how they went, and mode 2 with a limit a
 * given number of KiB above the kernel's own Committed_AS. */
#pragma once

#include "fs_test.h"

#include <sys/mman.h>

#define MIB (1024UL * 1024)

/* A /proc/meminfo field, in kB (-1 if missing). */
static inline long meminfo(const char *name)
{
	static char buf[8192];
	if (slurp_file("/proc/meminfo", buf, sizeof buf) < 0)
		return -1;
	char *p = strstr(buf, name);
	return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

/* Writes value to /proc/sys/vm/FILE and says so, printing `shown` for it. */
static inline void put_as(const char *file, const char *value, const char *shown)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/vm/%s", file);
	int fd = open(path, O_WRONLY);
	errno = 0;
	long r = fd < 0 ? -1 : write(fd, value, strlen(value));
	say("write %s to %s: %s\n", shown, file, r >= 0 ? "ok" : errname(errno));
	close(fd);
}

static inline void put(const char *file, const char *value)
{
	put_as(file, value, value);
}

static inline void show(const char *file)
{
	char path[96], buf[64] = "";
	snprintf(path, sizeof path, "/proc/sys/vm/%s", file);
	slurp_file(path, buf, sizeof buf);
	say("%s: %s", file, buf);
}

/* An anonymous mapping; says whether it was made. */
static inline void *map(const char *label, unsigned long len, int prot, int flags)
{
	errno = 0;
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
	say("%s: %s\n", label, p != MAP_FAILED ? "ok" : errname(errno));
	return p == MAP_FAILED ? NULL : p;
}

/* Mode 2 with CommitLimit `headroom` MiB above Committed_AS, read after
 * mode 2 is on (Linux makes the sum exact then). */
static inline void mode2_with_headroom(unsigned long headroom)
{
	put("overcommit_memory", "2");
	long committed = meminfo("Committed_AS:");
	char kb[32], shown[64];
	snprintf(kb, sizeof kb, "%ld", committed + (long)(headroom * MIB / 1024));
	snprintf(shown, sizeof shown, "Committed_AS + %lu MiB", headroom);
	put_as("overcommit_kbytes", kb, shown);
}

/* Back to Linux's defaults: heuristic overcommit, ratio 50. */
static inline void overcommit_defaults(void)
{
	put("overcommit_memory", "0");
	put("overcommit_ratio", "50");
}
