/* futex_waitv_basic: futex_waitv(2) (Linux kernel/futex/syscalls.c) waits
 * on several futexes at once and returns the index of the one woken:
 * its argument checks (flags, count, clock, each waiter's flags and
 * reserved field), EAGAIN when a word no longer holds its value, EFAULT,
 * ETIMEDOUT at an absolute CLOCK_MONOTONIC deadline, and a thread woken
 * through the second of three futexes (the waker retries FUTEX_WAKE until
 * it reports one waiter woken: the handshake). */
#include "lvtest.h"
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define NR_futex_waitv 449
#define FUTEX_32 2
#define FUTEX_PRIVATE_FLAG 128 /* include/uapi/linux/futex.h */
#define FUTEX_WAKE_PRIVATE (1 | FUTEX_PRIVATE_FLAG)

struct waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static uint32_t words[3];

static long waitv(struct waitv *w, unsigned nr, unsigned flags, struct timespec *ts, int clock)
{
	errno = 0;
	return syscall(NR_futex_waitv, w, nr, flags, ts, clock);
}

static void fill(struct waitv *w)
{
	for (int i = 0; i < 3; i++)
		w[i] = (struct waitv){
			.val = words[i], .uaddr = (uintptr_t)&words[i], .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG};
}

static void *waker(void *arg)
{
	(void)arg;
	while (syscall(SYS_futex, &words[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) != 1)
		sched_yield();
	return NULL;
}

int main(void)
{
	struct waitv w[3];
	fill(w);
	show_ret("flags 1", waitv(w, 3, 1, NULL, 0), errno);
	show_ret("nr 0", waitv(w, 0, 0, NULL, 0), errno);
	show_ret("nr 129", waitv(w, 129, 0, NULL, 0), errno);
	show_ret("NULL waiters", waitv(NULL, 1, 0, NULL, 0), errno);
	struct timespec ts = {0, 0};
	show_ret("clock CLOCK_BOOTTIME", waitv(w, 3, 0, &ts, CLOCK_BOOTTIME), errno);
	w[2].flags = FUTEX_PRIVATE_FLAG;
	show_ret("no FUTEX_32", waitv(w, 3, 0, NULL, 0), errno);
	fill(w);
	w[0].reserved = 1;
	show_ret("reserved set", waitv(w, 3, 0, NULL, 0), errno);
	fill(w);
	w[1].val = 5;
	show_ret("second word changed", waitv(w, 3, 0, NULL, 0), errno);
	fill(w);
	w[2].uaddr = 8;
	show_ret("unmapped word", waitv(w, 3, 0, NULL, 0), errno);
	fill(w);
	w[2].uaddr += 1;
	show_ret("unaligned word", waitv(w, 3, 0, NULL, 0), errno);
	show_ret("bad waiters pointer", waitv((struct waitv *)8, 1, 0, NULL, 0), errno);

	fill(w);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	show_ret("deadline passes", waitv(w, 3, 0, &ts, CLOCK_MONOTONIC), errno);

	pthread_t t;
	pthread_create(&t, NULL, waker, NULL);
	show_ret("woken through the second", waitv(w, 3, 0, NULL, 0), errno);
	pthread_join(t, NULL);
	done();
	return 0;
}
