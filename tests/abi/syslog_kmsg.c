/*
 * syslog_kmsg.c — the kernel log from user space (kernel/printk/printk.c):
 * records written to /dev/kmsg ("<N>" sets level and facility, default
 * level 4 and facility user), read back one per read from /dev/kmsg as
 * "PRI,SEQ,USEC,-;text" with control bytes and backslash as \xNN, EINVAL
 * for a buffer too small, EAGAIN at the end with O_NONBLOCK; and by
 * syslog(2) READ_ALL as "<PRI>[ sec.usec] text" lines, one per line of the
 * text, after CLEAR only the newer records. The argument checks of
 * syslog(2): unknown actions, CONSOLE_LEVEL outside 1..8, READ_ALL with a
 * NULL buffer or a negative length are EINVAL, length 0 gives 0.
 * Only records holding "lvtest" are looked at: the kernels log other
 * things of their own.
 */
#include <sys/klog.h>

#include "lvtest.h"

/* Writes one record through its own open file (the write rate limit is per file). */
static void kmsg_write(const char *text, size_t len)
{
	int fd = open("/dev/kmsg", O_WRONLY);
	ssize_t n = write(fd, text, len);
	say("write %zu bytes: %s\n", len, n == (ssize_t)len ? "ok" : errname(errno));
	close(fd);
}

static void kmsg_say(const char *text)
{
	kmsg_write(text, strlen(text));
}

/* Reads /dev/kmsg from fd to its end, printing the lvtest records without seq and time. */
static void kmsg_read_all(int fd)
{
	char rec[8192];
	long last_seq = -1;
	int increasing = 1;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			say("read: %s\n", errname(errno));
			break;
		}
		rec[n] = 0;
		unsigned pri;
		long seq;
		unsigned long long usec;
		char flag;
		int at = 0;
		if (sscanf(rec, "%u,%ld,%llu,%c;%n", &pri, &seq, &usec, &flag, &at) != 4 || !at) {
			say("bad record: %s", rec);
			continue;
		}
		if (seq <= last_seq)
			increasing = 0;
		last_seq = seq;
		if (strstr(rec, "lvtest"))
			say("kmsg: pri %u flag %c text %s", pri, flag, rec + at);
	}
	say("sequence numbers increase: %s\n", increasing ? "yes" : "no");
}

/* READ_ALL; prints the lvtest lines with the time checked and hidden. */
static void syslog_read_all(const char *label)
{
	static char buf[1 << 20];
	int n = klogctl(3, buf, sizeof(buf));
	say("%s: READ_ALL %s\n", label, n > 0 ? "gave bytes" : n == 0 ? "gave 0" : errname(errno));
	if (n <= 0)
		return;
	buf[n] = 0;
	say("ends with a newline: %s\n", buf[n - 1] == '\n' ? "yes" : "no");
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strstr(line, "lvtest"))
			continue;
		unsigned pri;
		char sec[16], usec[16];
		int at = 0;
		int ok = sscanf(line, "<%u>[%15[ 0-9].%15[0-9]] %n", &pri, sec, usec, &at) == 3 && at &&
			 strlen(sec) >= 5 && strlen(usec) == 6;
		say("  <%u>[TIME ok=%d] %s\n", pri, ok, line + at);
	}
}

int main(void)
{
	/* records of earlier tests in the same boot are not this one's */
	klogctl(5, NULL, 0);
	/* syslog(2) argument checks */
	say("SIZE_BUFFER positive: %s\n", klogctl(10, NULL, 0) > 0 ? "yes" : "no");
	say("CLOSE: %d, OPEN: %d\n", klogctl(0, NULL, 0), klogctl(1, NULL, 0));
	expect_err("unknown action 11", klogctl(11, NULL, 0), errno, EINVAL);
	expect_err("unknown action -1", klogctl(-1, NULL, 0), errno, EINVAL);
	expect_err("CONSOLE_LEVEL 0", klogctl(8, NULL, 0), errno, EINVAL);
	expect_err("CONSOLE_LEVEL 9", klogctl(8, NULL, 9), errno, EINVAL);
	expect_err("READ_ALL NULL", klogctl(3, NULL, 10), errno, EINVAL);
	char small[8];
	expect_err("READ_ALL len -1", klogctl(3, small, -1), errno, EINVAL);
	say("READ_ALL len 0: %d\n", klogctl(3, small, 0));
	say("SIZE_UNREAD not negative: %s\n", klogctl(9, NULL, 0) >= 0 ? "yes" : "no");

	/* a reader opened now starts at the oldest record: drain it */
	int rd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	char rec[8192];
	int records = 0;
	while (read(rd, rec, sizeof(rec)) > 0)
		records++;
	say("records before: %s, then %s\n", records > 0 ? "some" : "none", errname(errno));

	kmsg_say("<5>lvtest notice\n");
	kmsg_say("lvtest default level\n");
	kmsg_say("<abc>lvtest not a level\n");
	kmsg_say("<13>lvtest user notice\n");
	kmsg_say("<191>lvtest facility 23 debug\n");
	kmsg_say("<3>lvtest tab\there back\\slash \x7f del\n");
	kmsg_say("<6>lvtest first line\nlvtest second line\n");
	kmsg_read_all(rd);

	/* a record longer than the buffer */
	kmsg_say("<6>lvtest a record for a small buffer\n");
	expect_err("read into 8 bytes", read(rd, small, sizeof(small)), errno, EINVAL);
	ssize_t n = read(rd, rec, sizeof(rec) - 1);
	rec[n > 0 ? n : 0] = 0;
	say("then a big read: %s\n", n > 0 && strstr(rec, "small buffer") ? "the same record" : "lost");
	close(rd);

	/* the longest write */
	char big[1200];
	memset(big, 'x', sizeof(big));
	memcpy(big, "lvtest long ", 12);
	for (size_t len = 991; len <= 993; len++) {
		big[len - 1] = '\n';
		kmsg_write(big, len);
	}

	syslog_read_all("all");
	say("CLEAR: %d\n", klogctl(5, NULL, 0));
	kmsg_say("<4>lvtest after clear\n");
	syslog_read_all("after CLEAR");
	done();
	return 0;
}
