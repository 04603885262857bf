/* minflt_test.h — shared by the tests of page-fault counts (getrusage_minflt,
 * proc_stat_minflt): touch_fresh_pages() maps PAGES fresh anonymous pages
 * (1 MiB: too small for a transparent huge page, so one fault per page on
 * Linux too) and writes a byte to each; show_growth() prints whether a count
 * grew by at least PAGES and by less than PAGES + SLACK. */
#pragma once
#include "lvtest.h"

#include <sys/mman.h>

#define PAGES 256
#define SLACK 64 /* faults of the C library between two readings */

static void touch_fresh_pages(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, PAGES * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap failed\n");
		exit(1);
	}
	for (long i = 0; i < PAGES; i++)
		p[i * page] = 1;
	munmap(p, PAGES * page);
}

static void show_growth(const char *label, long before, long after)
{
	say("%s: grew by at least %d: %s, by less than %d more: %s\n", label, PAGES,
	    after - before >= PAGES ? "yes" : "no", SLACK, after - before < PAGES + SLACK ? "yes" : "no");
}
