/*
 * smp_cow_break_resident.c — a page being copied on write is still resident
 * to mincore(2) and /proc/self/pagemap (run_abi.py boots smp_* tests with
 * two CPUs). One thread forks children that exit at once and writes a page
 * after each fork, so every write breaks a copy-on-write share; the other
 * thread, on the other CPU, reads the pages' mincore bytes and pagemap
 * entries over and over meanwhile. (It writes PAGES pages each time: a
 * process of several threads has its last eight broken pages copied at
 * fork, which would leave nothing to break.) A break replaces the page's entry with a
 * copy: at no moment is the page absent (Linux's wp_page_copy swaps the
 * entries under the page-table lock, which both readers take), so both
 * must say "present" every time. The loop is bounded by the forks, a
 * handshake ends the reader.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

#define FORKS 300
#define PAGES 32 /* more than fork copies at once (mm->recent_breaks), so writes break */

static volatile char *page;
static int stop;				   /* [atomic] the writer is done */
static long reads, absent_mincore, absent_pagemap; /* the reader's */

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

static void *reader(void *arg)
{
	(void)arg;
	pin(1);
	int pm = open("/proc/self/pagemap", O_RDONLY);
	off_t at = (off_t)((uintptr_t)page / 4096 * 8);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		unsigned char vec[PAGES];
		uint64_t entry[PAGES];
		if (mincore((void *)page, PAGES * 4096, vec) == 0)
			for (int i = 0; i < PAGES; i++)
				absent_mincore += !(vec[i] & 1);
		if (pread(pm, entry, sizeof entry, at) == sizeof entry)
			for (int i = 0; i < PAGES; i++)
				absent_pagemap += !(entry[i] >> 63);
		reads++;
	}
	close(pm);
	return 0;
}

int main(void)
{
	page = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int p = 0; p < PAGES; p++)
		page[p * 4096] = 1;
	pin(0);
	pthread_t t;
	pthread_create(&t, NULL, reader, NULL);
	for (int i = 0; i < FORKS; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		for (int p = 0; p < PAGES; p++)
			page[p * 4096]++; /* breaks the share with the child, if it still lives */
		waitpid(pid, NULL, 0);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	say("reader ran: %s\n", reads > 0 ? "yes" : "no");
	say("mincore ever said absent: %s\n", absent_mincore ? "yes" : "no");
	say("pagemap ever said absent: %s\n", absent_pagemap ? "yes" : "no");
	int sum = 0;
	for (int p = 0; p < PAGES; p++)
		sum += page[p * 4096];
	say("pages' values: %d\n", sum);
	say("done\n");
	return 0;
}
