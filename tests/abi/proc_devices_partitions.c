/*
 * proc_devices_partitions.c — /proc/devices lists the character device
 * drivers as "%3d name" lines under "Character devices:", then a blank
 * line and "Block devices:" (fs/proc/devices.c); /proc/partitions is
 * empty when there is no disk (block/genhd.c prints its header with the
 * first one). The test boots have no disk on either kernel. Checked: the
 * layout, and that the drivers every Linux/AArch64 system has are there
 * with their majors (mem 1, /dev/tty 5, /dev/ptmx 5, pts 136), the PL011's
 * (ttyAMA 204) too; each kernel has its own others.
 */
#include <stdlib.h>
#include <string.h>

#include "lvtest.h"

static char text[16384];

/* Whether "MAJOR NAME" is a line of the character part. */
static int listed(int major, const char *name)
{
	char want[64];
	snprintf(want, sizeof want, "\n%3d %s\n", major, name);
	char *block = strstr(text, "\nBlock devices:");
	char *at = strstr(text, want);
	return at && (!block || at < block);
}

int main(void)
{
	ssize_t n = slurp_file("/proc/devices", text, sizeof text);
	check("read /proc/devices", n > 0);
	yesno("starts with Character devices:", strncmp(text, "Character devices:\n", 19) == 0);
	yesno("has \\nBlock devices:\\n after a blank line", strstr(text, "\n\nBlock devices:\n") != NULL);
	yesno("mem 1", listed(1, "mem"));
	yesno("/dev/tty 5", listed(5, "/dev/tty"));
	yesno("/dev/console 5", listed(5, "/dev/console"));
	yesno("/dev/ptmx 5", listed(5, "/dev/ptmx"));
	yesno("ptm 128", listed(128, "ptm"));
	yesno("pts 136", listed(136, "pts"));
	yesno("ttyAMA 204", listed(204, "ttyAMA"));
	/* every line of the character part is "%3d name" */
	int well_formed = 1;
	char *line = text + 19;
	while (*line && *line != '\n') {
		char *end = strchr(line, '\n');
		if (!end || end - line < 5 || line[3] != ' ' || atoi(line) <= 0)
			well_formed = 0;
		line = end ? end + 1 : line + strlen(line);
	}
	yesno("every character line is %3d name", well_formed);
	n = slurp_file("/proc/partitions", text, sizeof text);
	say("/proc/partitions: %zd bytes\n", n);
	done();
	return 0;
}
