/*
 * proc_cmdline_swaps.c — /proc/cmdline and /proc/swaps. The command line
 * differs between the kernels (each harness line has its own words), so
 * only what both carry is checked: one line ending in a newline with the
 * protocol's rdinit= and quiet words, no NUL. /proc/swaps is printed whole:
 * with no swap area active both show the header alone. Both files read in
 * one go and a byte at a time give the same text, and stat says size 0, as
 * for every /proc file of this kind.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvtest.h"

static size_t read_all(const char *path, char *buf, size_t cap, int bytewise)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("%s: %s\n", path, errname(errno));
		return 0;
	}
	size_t n = 0;
	ssize_t r;
	while (n < cap - 1 && (r = read(fd, buf + n, bytewise ? 1 : cap - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(fd);
	return n;
}

int main(void)
{
	static char a[4096], b[4096];
	size_t n = read_all("/proc/cmdline", a, sizeof a, 0);
	size_t m = read_all("/proc/cmdline", b, sizeof b, 1);
	say("cmdline: one line: %s\n", n && a[n - 1] == '\n' && strchr(a, '\n') == a + n - 1 ? "yes" : "no");
	say("cmdline: no NUL: %s\n", strlen(a) == n ? "yes" : "no");
	say("cmdline: rdinit=/lvrun/init and quiet: %s\n",
	    strstr(a, "rdinit=/lvrun/init") && strstr(a, "quiet") ? "yes" : "no");
	say("cmdline: bytewise the same: %s\n", n == m && !memcmp(a, b, n) ? "yes" : "no");
	n = read_all("/proc/swaps", a, sizeof a, 0);
	m = read_all("/proc/swaps", b, sizeof b, 1);
	say("swaps: [%s]\n", a);
	say("swaps: bytewise the same: %s\n", n == m && !memcmp(a, b, n) ? "yes" : "no");
	struct stat st;
	say("cmdline size: %lld\n", stat("/proc/cmdline", &st) ? -1LL : (long long)st.st_size);
	say("swaps size: %lld\n", stat("/proc/swaps", &st) ? -1LL : (long long)st.st_size);
	say("done\n");
	return 0;
}
