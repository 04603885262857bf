/*
 * smp_file_pos_shared.c — threads on several CPUs sharing one open regular
 * file through one fd never use the same file position twice (run_abi.py
 * boots smp_* tests with two CPUs). POSIX.1-2017 2.9.7 ("Thread Interactions
 * with Regular File Operations") makes read, write, readv, writev and lseek
 * atomic with respect to each other; Linux serialises the position with
 * f_pos_lock (fs/file.c fdget_pos, FMODE_ATOMIC_POS).
 *
 * Four threads write numbered 16-byte records through one fd (no O_APPEND):
 * the file ends up holding every record exactly once, none overwritten.
 * Then four threads read it back in 16-byte reads (and readv pairs) through
 * another shared fd: every record is read exactly once, and the reads
 * together cover the file.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "lvtest.h"

#define THREADS 4
#define PER_THREAD 2000
#define RECORDS (THREADS * PER_THREAD)
#define REC 16

static int fd;
static int go; /* [atomic] all threads start together */
static unsigned char seen[RECORDS];
static int bad_reads; /* [atomic] */

static void record(char *buf, unsigned n)
{
	snprintf(buf, REC + 1, "rec  %010u\n", n); /* 5 + 10 + 1 = 16 bytes, then the NUL */
}

static void *writer(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	char buf[REC + 1];
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	for (unsigned i = 0; i < PER_THREAD; i++) {
		record(buf, id * PER_THREAD + i);
		if (write(fd, buf, REC) != REC)
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

/* Marks the record in buf as read; a torn or unknown one counts as bad. */
static void mark(const char *buf)
{
	unsigned n;
	if (buf[REC - 1] != '\n' || sscanf(buf, "rec %10u", &n) != 1 || n >= RECORDS) {
		__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_add_fetch(&seen[n], 1, __ATOMIC_RELAXED);
}

static void *reader(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	char a[REC], b[REC];
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	for (;;) {
		ssize_t n;
		if (id % 2) { /* readv: both halves from one position */
			struct iovec iov[2] = {{a, REC}, {b, REC}};
			n = readv(fd, iov, 2);
			if (n == 2 * REC) {
				mark(a);
				mark(b);
				continue;
			}
		} else {
			n = read(fd, a, REC);
			if (n == REC) {
				mark(a);
				continue;
			}
		}
		if (n == REC) { /* the last record, alone, through readv */
			mark(a);
			continue;
		}
		if (n != 0)
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		return 0;
	}
}

static void run(void *(*fn)(void *))
{
	pthread_t th[THREADS];
	__atomic_store_n(&go, 0, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, fn, (void *)(uintptr_t)i);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
}

int main(void)
{
	const char *path = "/tmp/smp_file_pos_shared";
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		say("open: %s\n", errname(errno));
		return 1;
	}
	run(writer);
	struct stat st;
	fstat(fd, &st);
	say("writes: size %lld (want %d), position %lld, failed %d\n", (long long)st.st_size, RECORDS * REC,
	    (long long)lseek(fd, 0, SEEK_CUR), bad_reads);
	close(fd);

	fd = open(path, O_RDONLY);
	bad_reads = 0;
	run(reader);
	int missing = 0, twice = 0;
	for (int i = 0; i < RECORDS; i++) {
		missing += seen[i] == 0;
		twice += seen[i] > 1;
	}
	say("reads: %d records missing, %d read more than once, %d bad reads\n", missing, twice, bad_reads);
	close(fd);
	unlink(path);
	done();
	return 0;
}
