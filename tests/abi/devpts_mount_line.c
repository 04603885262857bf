/*
 * devpts_mount_line.c — a devpts mount's line in /proc/self/mounts shows
 * its options as Linux's devpts_show_options prints them: the slaves'
 * mode and ptmx's mode always (",mode=600,ptmxmode=000" for a mount made
 * without options), after the generic "rw,relatime".
 */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "lvtest.h"

int main(void)
{
	mkdir("/tmp/pts", 0755);
	check("mount devpts", mount("devpts", "/tmp/pts", "devpts", 0, NULL) == 0);
	FILE *f = fopen("/proc/self/mounts", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (strstr(line, " /tmp/pts ")) {
			say("%s", line);
			found = 1;
		}
	}
	if (f)
		fclose(f);
	yesno("line found", found);
	check("umount", umount("/tmp/pts") == 0);
	done();
	return 0;
}
