/*
 * smp_truncate_fault.c — a shrinking ftruncate racing page faults on another
 * CPU (Linux mm/filemap.c and mm/shmem.c: a fault rechecks i_size once it
 * holds the page, truncate_pagecache unmaps after the size is stored). One
 * thread runs generations: grow a tmpfs file to two pages (page 1 reads
 * zeros), write the generation's number into page 1, shrink it to one page,
 * publish "generation N is truncated". Another thread keeps reading page 1
 * through a shared mapping, SIGBUS caught: a read that began after
 * generation N was published must fault, or see zeros or a later number —
 * never N or earlier (a stale page, or a frame left in the cache past the
 * end that shows again when the file grows). Printed: the stale reads (0).
 * The writer starts once the reader runs.
 */
#include "fs_test.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

#define GENERATIONS 3000
#define PG 4096

static int fd;
static volatile uint64_t *page1;
static atomic_ulong truncated; /* the last generation whose shrink returned */
static atomic_int finished, started;
static __thread sigjmp_buf env;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

static void *reader(void *arg)
{
	(void)arg;
	volatile long stale = 0, seen = 0, bus = 0;
	atomic_store(&started, 1);
	while (!atomic_load(&finished)) {
		unsigned long before = atomic_load(&truncated);
		if (sigsetjmp(env, 1) == 0) {
			uint64_t v = *page1;
			if (v && v <= before)
				stale++;
			seen += v != 0;
		} else {
			bus++;
		}
	}
	/* how often each outcome came depends on the interleaving: not printed */
	(void)seen;
	(void)bus;
	say("reader: stale reads %ld\n", (long)stale);
	return NULL;
}

int main(void)
{
	fd = open("/tmp/smp_truncate_fault", O_RDWR | O_CREAT | O_TRUNC, 0600);
	R("ftruncate one page", ftruncate(fd, PG));
	char *map = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	say("mmap: %s\n", map != MAP_FAILED ? "ok" : errname(errno));
	page1 = (volatile uint64_t *)(map + PG);
	struct sigaction sa = {.sa_handler = on_sigbus};
	sigaction(SIGBUS, &sa, NULL);
	pthread_t t;
	pthread_create(&t, NULL, reader, NULL);
	while (!atomic_load(&started))
		sched_yield();
	long errors = 0;
	for (uint64_t gen = 1; gen <= GENERATIONS; gen++) {
		errors += ftruncate(fd, 2 * PG) != 0;
		errors += pwrite(fd, &gen, sizeof gen, PG) != sizeof gen;
		errors += ftruncate(fd, PG) != 0;
		atomic_store(&truncated, gen);
	}
	atomic_store(&finished, 1);
	pthread_join(t, NULL);
	say("writer: %d generations, %ld errors\n", GENERATIONS, errors);
	unlink("/tmp/smp_truncate_fault");
	done();
	return 0;
}
