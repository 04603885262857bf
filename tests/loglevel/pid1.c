/*
 * pid1.c — PID 1 of tests/harness/test_loglevel.py: what the console shows
 * of the kernel log under the command line's `quiet` and `loglevel=N`.
 *
 * Booted as rdinit= with those words, it changes no log setting itself:
 *   1. mounts devtmpfs on /dev and proc on /proc;
 *   2. writes eight records to /dev/kmsg, "<L>pid1: level L" for L = 0..7
 *      (facility user, level L: Linux's devkmsg_write), so every level has
 *      a record whatever the kernel itself logged;
 *   3. prints "PRINTK <first field of /proc/sys/kernel/printk>", the console
 *      log level in force;
 *   4. prints the whole ring, syslog(2) READ_ALL, each line as
 *      "RING <P>[ sec.usec] text" (P = facility * 8 + level);
 *   5. prints "DONE" and powers off (reboot(2) in a child: PID 1 must not end).
 * The harness compares the ring with the kernel lines on the console: a
 * record is on the console exactly when its level is below the console log
 * level (Linux's suppress_message_printing).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

static void write_records(void)
{
	int fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0) {
		perror("pid1: /dev/kmsg");
		return;
	}
	for (int level = 0; level < 8; level++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "<%d>pid1: level %d\n", level, level);
		if (write(fd, line, n) != n)
			perror("pid1: write /dev/kmsg");
	}
	close(fd);
}

static void print_console_level(void)
{
	char text[64] = "";
	FILE *f = fopen("/proc/sys/kernel/printk", "r");
	if (!f || !fgets(text, sizeof(text), f)) {
		perror("pid1: /proc/sys/kernel/printk");
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	printf("PRINTK %d\n", atoi(text));
}

static void print_ring(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf = size > 0 ? malloc(size) : NULL;
	int n = buf ? klogctl(SYSLOG_ACTION_READ_ALL, buf, size) : -1;
	if (n < 0) {
		perror("pid1: syslog READ_ALL");
		return;
	}
	for (char *line = buf; line < buf + n;) {
		char *end = memchr(line, '\n', buf + n - line);
		int len = end ? end - line : buf + n - line;
		printf("RING %.*s\n", len, line);
		line += len + 1;
	}
	free(buf);
}

int main(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL))
		perror("pid1: mount /dev");
	if (mount("proc", "/proc", "proc", 0, NULL))
		perror("pid1: mount /proc");
	write_records();
	print_console_level();
	print_ring();
	printf("DONE\n");
	fflush(stdout);
	if (fork() == 0) {
		reboot(RB_POWER_OFF);
		_exit(1);
	}
	for (;;)
		pause();
}
