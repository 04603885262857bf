/*
 * proc_interrupts.c — /proc/interrupts and /proc/stat's intr line, read the
 * way vmstat, top and irqbalance read them, checked for what holds on any
 * kernel (the counts themselves differ):
 *
 * - /proc/interrupts' header names CPU0..CPUn-1, one per online CPU;
 * - every line of counts has a number (or IPIn, or Err) before its colon
 *   and one count per online CPU after it, Err only one;
 * - the timer's line (arch_timer) exists and its count on this CPU grows
 *   while the program spins for 100 ms there (the tick is not stopped on a
 *   busy CPU), and its total matches the same number's field in intr;
 * - a line named "Rescheduling interrupts" exists;
 * - /proc/stat has an intr line, after the cpu lines and before ctxt, whose
 *   total grows over the same spin and is at least the sum of its fields
 *   (give or take the interrupts that come while Linux reads them twice).
 * Run with one CPU and with two (run_abi.py boots smp_* tests with two; this
 * one with whatever the batch has: only counts per online CPU are checked).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static char buf[65536];

static const char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		say("%s: %s\n", path, errname(errno));
		exit(1);
	}
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

struct timer_line {
	unsigned long on_cpu, total;
	int number; /* its interrupt number, -1 if none */
};

/* Checks the layout of /proc/interrupts; the timer's counts. */
static struct timer_line read_interrupts(int ncpu, int cpu, int *ok)
{
	struct timer_line tl = {0, 0, -1};
	const char *p = slurp("/proc/interrupts");
	int cols = 0;
	const char *eol = strchr(p, '\n');
	for (const char *q = p; q < eol; q++)
		if (!strncmp(q, "CPU", 3)) {
			if (atoi(q + 3) != cols)
				*ok = 0;
			cols++;
		}
	if (cols != ncpu) {
		say("header: %d CPUs, %d online\n", cols, ncpu);
		*ok = 0;
	}
	int resched = 0, err = 0;
	for (p = eol + 1; *p; p = strchr(p, '\n') + 1) {
		char line[512];
		size_t len = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		char *colon = strchr(line, ':');
		if (!colon) {
			say("no colon: %s\n", line);
			*ok = 0;
			break;
		}
		char *rest = colon + 1;
		unsigned long counts[64];
		int n = 0;
		while (n < 64) {
			char *end;
			unsigned long v = strtoul(rest, &end, 10);
			if (end == rest)
				break;
			counts[n++] = v;
			rest = end;
		}
		int is_err = !strncmp(line + strspn(line, " "), "Err", 3);
		if (n != (is_err ? 1 : ncpu) && !(is_err && n == 1)) {
			say("%d counts: %s\n", n, line);
			*ok = 0;
		}
		err |= is_err;
		resched |= strstr(rest, "Rescheduling interrupts") != NULL;
		if (strstr(rest, "arch_timer")) {
			tl.on_cpu = counts[cpu];
			tl.number = atoi(line);
			for (int i = 0; i < n; i++)
				tl.total += counts[i];
		}
		if (!p[len])
			break;
	}
	if (!resched || !err || tl.number < 0) {
		say("resched %d err %d timer %d\n", resched, err, tl.number);
		*ok = 0;
	}
	return tl;
}

/* /proc/stat: the intr line's place, total, and field `number`; the sum of its fields. */
static unsigned long read_intr(int number, unsigned long *field, int *ok)
{
	const char *p = slurp("/proc/stat");
	const char *intr = strstr(p, "\nintr "), *ctxt = strstr(p, "\nctxt "), *cpu = strstr(p, "\ncpu");
	if (!intr || !ctxt || intr > ctxt || (cpu && cpu > intr) || strncmp(p, "cpu ", 4)) {
		say("intr line missing or misplaced\n");
		*ok = 0;
		return 0;
	}
	char *end;
	unsigned long total = strtoul(intr + 6, &end, 10), sum = 0;
	for (int i = 0; *end == ' '; i++) {
		unsigned long v = strtoul(end, &end, 10);
		sum += v;
		if (i == number)
			*field = v;
	}
	if (sum > total + 100) { /* Linux reads the counts twice (the total, then each): a few may come between */
		say("intr fields %lu > total %lu\n", sum, total);
		*ok = 0;
	}
	return total;
}

static void spin_ms(long ms)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

int main(void)
{
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof set, &set) < 0) /* stay on CPU 0 for the spin */
		say("sched_setaffinity: %s\n", errname(errno));
	int ok = 1;
	struct timer_line before = read_interrupts(ncpu, 0, &ok);
	unsigned long field0 = 0, field1 = 0;
	unsigned long intr0 = read_intr(before.number, &field0, &ok);
	spin_ms(100);
	struct timer_line after = read_interrupts(ncpu, 0, &ok);
	unsigned long intr1 = read_intr(after.number, &field1, &ok);
	say("layout: %s\n", ok ? "ok" : "wrong");
	say("timer ticks on this CPU during a 100 ms spin: %s\n", after.on_cpu > before.on_cpu ? "some" : "none");
	say("intr total grew: %s\n", intr1 > intr0 ? "yes" : "no");
	say("intr's timer field within the timer line's totals: %s\n",
	    field0 >= before.total && field1 <= after.total + (after.total - before.total) ? "yes" : "no");
	say("done\n");
	return 0;
}
