/*
 * perf_event_sw_counts.c — perf_event_open(2)'s software events of the
 * calling thread (man perf_event_open(2), Linux kernel/events/core.c): a
 * disabled event reads 0; the task clock moves only while enabled, RESET
 * clears it; read_format's times and id (PERF_EVENT_IOC_ID gives the same
 * id), ENOSPC for a short buffer; page faults count touched pages; context
 * switches count round trips with a child, and none with exclude_kernel (a switch is a
 * kernel event, perf_exclude_event); the attribute checks (E2BIG with the
 * kernel's size written back, reserved bits, unknown formats, flags), the
 * pid and cpu checks, an unknown software event (ENOENT); the ioctls a
 * counting event refuses, and poll with nothing to report.
 */
#include "fs_test.h"

#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

struct attr {
	unsigned type, size;
	unsigned long long config, sample_period, sample_type, read_format, flags;
	unsigned wakeup_events, bp_type;
	unsigned long long config1, config2, branch_sample_type, sample_regs_user;
	unsigned sample_stack_user;
	int clockid;
	unsigned long long sample_regs_intr;
	unsigned aux_watermark;
	unsigned short sample_max_stack, reserved_2;
	unsigned aux_sample_size, reserved_3;
	unsigned long long sig_data;
};

#define SW 1
#define CPU_CLOCK 0
#define TASK_CLOCK 1
#define PAGE_FAULTS 2
#define CONTEXT_SWITCHES 3
#define DISABLED 1ull
#define EXCLUDE_KERNEL (1ull << 5)
#define EXCLUDE_HV (1ull << 6)
#define F_ENABLED 1
#define F_RUNNING 2
#define F_ID 4
#define IOC_ENABLE 0x2400
#define IOC_DISABLE 0x2401
#define IOC_REFRESH 0x2402
#define IOC_RESET 0x2403
#define IOC_PERIOD _IOW('$', 4, unsigned long long)
#define IOC_ID _IOR('$', 7, unsigned long long *)

static long perf_open(struct attr *a, int pid, int cpu, int group, unsigned long flags)
{
	errno = 0;
	return syscall(SYS_perf_event_open, a, pid, cpu, group, flags);
}

static int open_sw(unsigned long long config, unsigned long long flags, unsigned long long format)
{
	struct attr a = {.type = SW, .size = sizeof a, .config = config, .flags = flags, .read_format = format};
	int fd = (int)perf_open(&a, 0, -1, -1, 0);
	if (fd < 0) {
		say("open config %llu: %s\n", config, errname(errno));
		exit(1);
	}
	return fd;
}

static unsigned long long read_count(int fd)
{
	unsigned long long v = ~0ull;
	if (read(fd, &v, sizeof v) != sizeof v)
		say("read: %s\n", errname(errno));
	return v;
}

static void spin(void)
{
	for (volatile long i = 0; i < 3000000; i++)
		;
}

static void clocks(void)
{
	int fd = open_sw(TASK_CLOCK, DISABLED | EXCLUDE_KERNEL | EXCLUDE_HV, 0);
	spin();
	say("task clock disabled: %llu\n", read_count(fd));
	R("RESET", ioctl(fd, IOC_RESET, 0));
	R("ENABLE", ioctl(fd, IOC_ENABLE, 0));
	spin();
	R("DISABLE", ioctl(fd, IOC_DISABLE, 0));
	unsigned long long a = read_count(fd);
	spin();
	unsigned long long b = read_count(fd);
	say("counted while enabled: %s, still after disable: %s\n", a > 1000000 ? "yes" : "no", a == b ? "yes" : "no");
	R("RESET", ioctl(fd, IOC_RESET, 0));
	say("after reset: %llu\n", read_count(fd));
	close(fd);

	fd = open_sw(CPU_CLOCK, 0, F_ENABLED | F_RUNNING | F_ID);
	spin();
	unsigned long long v[4] = {0}, id = 0;
	R("read 4 words", read(fd, v, sizeof v));
	R("read 3 words", read(fd, v, 3 * sizeof(long long)));
	R("IOC_ID", ioctl(fd, IOC_ID, &id));
	say("cpu clock counts: %s; enabled and running: %s; id as IOC_ID: %s\n", v[0] > 1000000 ? "yes" : "no",
	    v[1] > 1000000 && v[2] > 1000000 ? "yes" : "no", v[3] == id ? "yes" : "no");
	struct pollfd p = {.fd = fd, .events = POLLIN};
	say("poll: %d revents 0x%x\n", poll(&p, 1, 0), p.revents);
	R("REFRESH", ioctl(fd, IOC_REFRESH, 1));
	unsigned long long period = 1000;
	R("PERIOD", ioctl(fd, IOC_PERIOD, &period));
	R("unknown ioctl", ioctl(fd, _IO('$', 0x30), 0));
	close(fd);
}

static void counts(void)
{
	int fd = open_sw(PAGE_FAULTS, 0, 0);
	char *m = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 16; i++)
		m[i * 4096] = 1;
	unsigned long long n = read_count(fd);
	say("page faults for 16 new pages: at least 16: %s, under 64: %s\n", n >= 16 ? "yes" : "no",
	    n < 64 ? "yes" : "no");
	close(fd);

	/* Three round trips with a child through two pipes: on one CPU the
	 * child runs only while this thread is off the CPU, so each trip is at
	 * least one switch (a timed sleep is not: on a loaded host its timer
	 * can expire before the sleeper reaches schedule()). Both are pinned
	 * to CPU 0 for that: with two CPUs the child's reply can come before
	 * this thread has left its CPU, and a trip needs no switch (LevitateOS
	 * counted 1 for 3 trips under --smp 2). */
	cpu_set_t old_mask, cpu0;
	sched_getaffinity(0, sizeof old_mask, &old_mask);
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	sched_setaffinity(0, sizeof cpu0, &cpu0);
	int to_child[2], to_parent[2];
	if (pipe(to_child) || pipe(to_parent))
		return;
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(to_child[1]);
		while (read(to_child[0], &c, 1) == 1)
			(void)!write(to_parent[1], &c, 1);
		_exit(0);
	}
	fd = open_sw(CONTEXT_SWITCHES, 0, 0);
	int ex = open_sw(CONTEXT_SWITCHES, EXCLUDE_KERNEL, 0);
	for (int i = 0; i < 3; i++) {
		char c = 'x';
		(void)!write(to_child[1], &c, 1);
		(void)!read(to_parent[0], &c, 1);
	}
	n = read_count(fd);
	say("context switches for 3 round trips: at least 3: %s; with exclude_kernel: %llu\n", n >= 3 ? "yes" : "no",
	    read_count(ex));
	close(fd);
	close(ex);
	close(to_child[1]);
	waitpid(child, NULL, 0);
	close(to_child[0]);
	close(to_parent[0]);
	close(to_parent[1]);
	sched_setaffinity(0, sizeof old_mask, &old_mask);
}

static void checks(void)
{
	struct attr a = {.type = SW, .size = 1, .config = TASK_CLOCK};
	show_ret("size 1", perf_open(&a, 0, -1, -1, 0), errno);
	say("  size written back: %u\n", a.size);
	static unsigned char big[256];
	struct attr *b = (struct attr *)big;
	*b = (struct attr){.type = SW, .size = 200, .config = TASK_CLOCK};
	big[190] = 1;
	show_ret("size 200, a byte past the struct set", perf_open(b, 0, -1, -1, 0), errno);
	say("  size written back: %u\n", b->size);
	big[190] = 0;
	long fd = perf_open(b, 0, -1, -1, 0);
	show_ret("size 200, zeros past the struct", fd < 0 ? fd : 0, errno);
	close((int)fd);
	a = (struct attr){.type = SW, .size = sizeof a, .config = TASK_CLOCK, .flags = 1ull << 40};
	show_ret("a reserved flag", perf_open(&a, 0, -1, -1, 0), errno);
	a = (struct attr){.type = SW, .size = sizeof a, .config = TASK_CLOCK, .read_format = 1 << 5};
	show_ret("read_format 1 << 5", perf_open(&a, 0, -1, -1, 0), errno);
	a = (struct attr){.type = SW, .size = sizeof a, .config = TASK_CLOCK};
	show_ret("flags 0x10", perf_open(&a, 0, -1, -1, 0x10), errno);
	show_ret("pid -1, cpu -1", perf_open(&a, -1, -1, -1, 0), errno);
	show_ret("a pid that does not exist", perf_open(&a, 999999, -1, -1, 0), errno);
	a.config = 1000;
	show_ret("software event 1000", perf_open(&a, 0, -1, -1, 0), errno);
	a = (struct attr){.type = SW, .size = 0, .config = TASK_CLOCK};
	fd = perf_open(&a, 0, -1, -1, 8 /* PERF_FLAG_FD_CLOEXEC */);
	show_ret("size 0 (VER0), cloexec", fd < 0 ? fd : 0, errno);
	say("  FD_CLOEXEC: %d\n", fcntl((int)fd, F_GETFD) & FD_CLOEXEC);
	close((int)fd);
}

int main(void)
{
	say_file("kernel.perf_event_paranoid", "/proc/sys/kernel/perf_event_paranoid");
	clocks();
	counts();
	checks();
	done();
	return 0;
}
