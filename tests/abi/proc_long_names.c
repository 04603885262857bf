/*
 * proc_long_names.c — readdir in /proc gives whole names, however long:
 * sysctl files (/proc/sys/vm/overcommit_memory, 17 characters) and the
 * namespace links (/proc/self/ns/pid_for_children) are longer than 15
 * characters, and LevitateOS cut every /proc name there (LTP proc01 lstat
 * each name readdir gives). For each directory: every name readdir gives
 * can be lstat'ed, and the names asked for are among them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "lvtest.h"

/* Whether every entry of dir lstats, and whether want is one of them. */
static void look(const char *dir, const char *want)
{
	DIR *d = opendir(dir);
	if (!d) {
		say("%s: opendir: %s\n", dir, errname(errno));
		return;
	}
	int all_stat = 1, found = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char path[512];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0) {
			all_stat = 0;
			say("%s: lstat: %s\n", path, errname(errno));
		}
		found |= strcmp(e->d_name, want) == 0;
	}
	closedir(d);
	say("%s: every name lstats: %s, %s listed: %s\n", dir, all_stat ? "yes" : "no", want, found ? "yes" : "no");
}

int main(void)
{
	look("/proc/sys/vm", "overcommit_memory");
	look("/proc/sys/kernel", "sched_rt_runtime_us");
	look("/proc/sys/fs/inotify", "max_user_watches");
	look("/proc/sys/net/ipv4", "ip_local_port_range");
	look("/proc/self/ns", "pid_for_children");
	look("/proc/self/task", ".");
	done();
	return 0;
}
