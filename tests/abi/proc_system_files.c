/*
 * proc_system_files.c — /proc's system files (proc(5)): sys/kernel's
 * ostype, osrelease and hostname agree with uname(2), and /proc/version
 * starts "sysname version release "; pid_max, overcommit_memory and
 * pipe-max-size hold Linux's defaults; random/boot_id is one UUID for the
 * boot, random/uuid a new version 4 UUID on each read; /proc/stat has the
 * cpu line of ten numbers, btime agrees with the clock less the uptime, and
 * procs_running counts the reader; filesystems lists proc and tmpfs;
 * cpuinfo is arm64's format from the ID registers (the same QEMU CPU).
 */
#include "lvtest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* The file's text without its newline equals want. */
static int line_is(const char *path, const char *want)
{
	char buf[256];
	if (slurp_file(path, buf, sizeof buf) < 0)
		return 0;
	buf[strcspn(buf, "\n")] = 0;
	return strcmp(buf, want) == 0;
}

static int is_uuid4(const char *s)
{
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
			return 0;
	}
	return s[14] == '4' && strchr("89ab", s[19]) && s[36] == '\n';
}

int main(void)
{
	struct utsname u;
	uname(&u);
	yesno("ostype is uname sysname", line_is("/proc/sys/kernel/ostype", u.sysname));
	yesno("osrelease is uname release", line_is("/proc/sys/kernel/osrelease", u.release));
	yesno("hostname is uname nodename", line_is("/proc/sys/kernel/hostname", u.nodename));
	char buf[4096], want[512];
	slurp_file("/proc/version", buf, sizeof buf);
	snprintf(want, sizeof want, "%s version %s ", u.sysname, u.release);
	yesno("version starts sysname version release", strncmp(buf, want, strlen(want)) == 0);
	slurp_file("/proc/sys/kernel/pid_max", buf, sizeof buf);
	say("pid_max: %s", buf);
	slurp_file("/proc/sys/vm/overcommit_memory", buf, sizeof buf);
	say("overcommit_memory: %s", buf);
	slurp_file("/proc/sys/fs/pipe-max-size", buf, sizeof buf);
	say("pipe-max-size: %s", buf);

	char a[64], b[64];
	slurp_file("/proc/sys/kernel/random/boot_id", a, sizeof a);
	slurp_file("/proc/sys/kernel/random/boot_id", b, sizeof b);
	yesno("boot_id is a UUID", is_uuid4(a));
	yesno("boot_id stays", strcmp(a, b) == 0);
	slurp_file("/proc/sys/kernel/random/uuid", a, sizeof a);
	slurp_file("/proc/sys/kernel/random/uuid", b, sizeof b);
	yesno("uuid is a version 4 UUID", is_uuid4(a) && is_uuid4(b));
	yesno("uuid changes", strcmp(a, b) != 0);

	slurp_file("/proc/stat", buf, sizeof buf);
	unsigned long v[10];
	int n = sscanf(buf, "cpu  %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		       &v[6], &v[7], &v[8], &v[9]);
	say("stat cpu numbers: %d\n", n);
	char *btime = strstr(buf, "\nbtime ");
	char *running = strstr(buf, "\nprocs_running ");
	char up[128];
	slurp_file("/proc/uptime", up, sizeof up);
	long boot = (long)time(NULL) - (long)atof(up);
	yesno("btime is now less uptime", btime && labs(atol(btime + 7) - boot) <= 2);
	yesno("procs_running counts the reader", running && atoi(running + 15) >= 1);

	slurp_file("/proc/filesystems", buf, sizeof buf);
	yesno("filesystems has proc", strstr(buf, "nodev\tproc\n") != NULL);
	yesno("filesystems has tmpfs", strstr(buf, "nodev\ttmpfs\n") != NULL);
	slurp_file("/proc/cpuinfo", buf, sizeof buf); /* the same CPU model under QEMU on both kernels */
	say("cpuinfo:\n%s", buf);
	done();
	return 0;
}
