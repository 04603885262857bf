/*
 * futex_basic.c — futex(2) results as Linux gives them: a wait on a value
 * that changed is EAGAIN, a timed wait ETIMEDOUT, a misaligned address or a
 * zero bitset EINVAL, a bad address EFAULT, an unknown operation ENOSYS; a
 * wake with nobody waiting wakes 0; another thread's FUTEX_WAKE ends a
 * wait; CMP_REQUEUE checks the value; WAKE_OP updates the second word.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

/* from include/uapi/linux/futex.h (musl has no kernel headers) */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_CMP_REQUEUE_PRIVATE 132
#define FUTEX_WAKE_OP_PRIVATE 133
#define FUTEX_WAIT_BITSET_PRIVATE 137
#define FUTEX_OP_ADD 1
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	(((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))

static uint32_t word, word2;

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts, void *addr2, uint32_t val3)
{
	return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static void *waker(void *arg)
{
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, 0);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	futex(&word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
	return 0;
}

int main(void)
{
	struct timespec ts = {0, 20 * 1000 * 1000};
	expect_err("wait on changed value", futex(&word, FUTEX_WAIT_PRIVATE, 5, 0, 0, 0), errno, EAGAIN);
	expect_err("timed wait", futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0), errno, ETIMEDOUT);
	expect_err("misaligned", futex((char *)&word + 1, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0), errno, EINVAL);
	expect_err("bad address", futex((void *)16, FUTEX_WAIT_PRIVATE, 0, &ts, 0, 0), errno, EFAULT);
	expect_err("bitset 0", futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, 0, 0), errno, EINVAL);
	expect_err("unknown op 99", futex(&word, 99, 0, 0, 0, 0), errno, ENOSYS);
	struct timespec bad = {0, 2000000000};
	expect_err("bad timeout", futex(&word, FUTEX_WAIT_PRIVATE, 0, &bad, 0, 0), errno, EINVAL);
	show_ret("wake with no waiters", futex(&word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), errno);

	pthread_t t;
	pthread_create(&t, 0, waker, 0);
	long r;
	do
		r = futex(&word, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0);
	while (r == 0 && __atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0);
	say("woken by the other thread: %s\n", __atomic_load_n(&word, __ATOMIC_SEQ_CST) == 1 ? "yes" : "no");
	pthread_join(t, 0);

	expect_err("cmp_requeue with a stale value",
		   futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (struct timespec *)1, &word2, 7), errno, EAGAIN);
	show_ret("cmp_requeue, nobody waiting",
		 futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (struct timespec *)1, &word2, 1), errno);
	word2 = 3;
	/* op: word2 += 4, wake word2's waiters if the old value was == 3 */
	uint32_t op = FUTEX_OP(FUTEX_OP_ADD, 4, FUTEX_OP_CMP_EQ, 3);
	show_ret("wake_op", futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (struct timespec *)1, &word2, op), errno);
	say("word2 after wake_op: %u\n", word2);
	done();
	return 0;
}
