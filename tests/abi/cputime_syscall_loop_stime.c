/* cputime_syscall_loop_stime: time spent inside system calls is charged
 * as system time (kernel/sched/cputime.c: a tick that interrupts the
 * kernel goes to stime). A loop of 64 KiB reads from /dev/zero (the kernel
 * clears the buffer) gains system time well before 5 s of CPU; getrusage,
 * times and /proc/self/stat then show it. */
#include "lvtest.h"
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

static char buf[65536];

static long long cpu_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Field 15 of /proc/self/stat: stime in clock ticks. */
static long stat_stime(void)
{
	char text[1024];
	unsigned long stime;
	if (slurp_file("/proc/self/stat", text, sizeof text) <= 0)
		return -1;
	char *p = strrchr(text, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %lu", &stime) != 1)
		return -1;
	return (long)stime;
}

int main(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		say("open /dev/zero: %s\n", errname(errno));
		return 1;
	}
	/* at least 20 ms of system time (two ticks at USER_HZ), at most 5 s of CPU */
	struct rusage ru;
	do {
		for (int i = 0; i < 20; i++)
			if (read(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
				say("short read\n");
		getrusage(RUSAGE_SELF, &ru);
	} while ((ru.ru_stime.tv_sec == 0 && ru.ru_stime.tv_usec < 20000) && cpu_ns() < 5000000000LL);
	yesno("getrusage: stime >= 20 ms", ru.ru_stime.tv_sec > 0 || ru.ru_stime.tv_usec >= 20000);
	struct tms tm;
	times(&tm);
	yesno("times: tms_stime > 0", tm.tms_stime > 0);
	yesno("/proc/self/stat: stime > 0", stat_stime() > 0);
	close(fd);
	done();
	return 0;
}
