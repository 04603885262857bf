/* proc_self_maps_format: every line of /proc/self/maps parses as
 * "start-end perms offset major:minor inode [path]" (proc(5),
 * fs/proc/task_mmu.c show_map_vma), start < end, both page aligned,
 * perms is [r-][w-][x-][ps]; there is a [stack] line containing the
 * address of a local; the executable's own mapping names argv[0]; a
 * [heap] line exists once brk has grown. Prints only check counts. */
#include "lvtest.h"
#include <fcntl.h>
#include <stdint.h>

int main(int argc, char **argv)
{
	(void)argc;
	free(malloc(100)); /* make sure the heap exists (glibc: brk) */
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0) {
		say("open failed: %s\n", errname(errno));
		done();
		return 0;
	}
	static char buf[65536];
	size_t len = 0;
	ssize_t r;
	while ((r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = 0;
	close(fd);
	int lines = 0, bad = 0, stack = 0, stack_has_local = 0, exe = 0, rx = 0;
	uintptr_t local = (uintptr_t)&lines;
	for (char *l = buf, *nl; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl) {
			bad++;
			break;
		}
		*nl = 0;
		lines++;
		unsigned long s, e, off, ino;
		unsigned maj, min;
		char perms[8];
		int pos = 0;
		if (sscanf(l, "%lx-%lx %7s %lx %x:%x %lu%n", &s, &e, perms, &off, &maj, &min, &ino, &pos) != 7 ||
		    s >= e || (s & 4095) || (e & 4095) || strlen(perms) != 4 || !strchr("r-", perms[0]) ||
		    !strchr("w-", perms[1]) || !strchr("x-", perms[2]) || !strchr("ps", perms[3])) {
			bad++;
			continue;
		}
		const char *path = l + pos;
		while (*path == ' ')
			path++;
		if (strcmp(path, "[stack]") == 0) {
			stack++;
			if (local >= s && local < e)
				stack_has_local = 1;
		}
		if (strcmp(path, argv[0]) == 0) {
			exe++;
			if (perms[2] == 'x')
				rx = 1;
		}
	}
	yesno("some lines", lines > 0);
	say("malformed lines: %d\n", bad);
	say("[stack] lines: %d\n", stack);
	yesno("[stack] contains a local", stack_has_local);
	yesno("exe mapped (path == argv[0])", exe > 0);
	yesno("exe has an executable mapping", rx);
	done();
	return 0;
}
