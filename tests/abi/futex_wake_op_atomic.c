/*
 * futex_wake_op_atomic.c — FUTEX_WAKE_OP's change of the second word is one
 * atomic step: four threads each apply 5000 FUTEX_OP_ADD 1 to one word (as
 * glibc's condition variables did) and none is lost; SET, OR, ANDN, XOR and
 * the OPARG_SHIFT form give Linux's values; a waiter on the first word is
 * woken whatever the comparison says, one on the second only when it holds;
 * a misaligned second word is EINVAL, an unknown op or comparison ENOSYS
 * (and whether the word changed then is Linux's to say).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

/* from include/uapi/linux/futex.h */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_OP_PRIVATE 133
#define OP(op, oparg, cmp, cmparg) \
	((uint32_t)(((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | ((cmparg)&0xfff))
enum { SET, ADD, OR, ANDN, XOR };
enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
#define OPARG_SHIFT 8

#define THREADS 4
#define ROUNDS 5000

static uint32_t word1, counter, started;
static _Alignas(8) uint32_t pair[2];

static long futex(void *addr, int op, uint32_t val, long val2, void *addr2, uint32_t val3)
{
	return syscall(SYS_futex, addr, op, val, val2, addr2, val3);
}

static void *adder(void *arg)
{
	(void)arg;
	long woken = 0;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < THREADS)
		;
	for (int i = 0; i < ROUNDS; i++)
		woken += futex(&word1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &counter, OP(ADD, 1, CMP_EQ, 0));
	return (void *)woken;
}

static uint32_t wake_op_result(uint32_t start, uint32_t encoded)
{
	uint32_t w = start;
	long r = futex(&word1, FUTEX_WAKE_OP_PRIVATE, 0, 0, &w, encoded);
	if (r != 0)
		say("wake_op on %#x: %ld errno %d\n", start, r, errno);
	return w;
}

static uint32_t waiter_word;
static int waiter_state; /* 1: about to wait, 2: woken */

static void *waiter(void *arg)
{
	uint32_t *w = arg;
	__atomic_store_n(&waiter_state, 1, __ATOMIC_SEQ_CST);
	while (futex(w, FUTEX_WAIT_PRIVATE, 0, 0, 0, 0) != 0 && errno == EINTR)
		;
	__atomic_store_n(&waiter_state, 2, __ATOMIC_SEQ_CST);
	return 0;
}

/* Wakes a thread waiting on *w through WAKE_OP; returns what the call said. */
static long wake_waiter(uint32_t *w, int on_second, uint32_t encoded)
{
	pthread_t t;
	*w = 0;
	waiter_state = 0;
	pthread_create(&t, 0, waiter, w);
	while (__atomic_load_n(&waiter_state, __ATOMIC_SEQ_CST) != 1)
		sched_yield();
	long r;
	uint32_t other = 0;
	do { /* until the waiter is really queued (the call wakes 1) */
		r = on_second ? futex(&other, FUTEX_WAKE_OP_PRIVATE, 1, 1, w, encoded)
			      : futex(w, FUTEX_WAKE_OP_PRIVATE, 1, 1, &other, encoded);
		*w = 0;
		if (r == 0)
			sched_yield();
	} while (r == 0);
	pthread_join(t, 0);
	return r;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], 0, adder, 0);
	long woken = 0;
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		woken += (long)r;
	}
	say("counter after %d x %d adds: %u (woken %ld)\n", THREADS, ROUNDS, counter, woken);

	say("set: %#x\n", wake_op_result(0x1234, OP(SET, 0x55, CMP_EQ, 0)));
	say("add negative: %#x\n", wake_op_result(10, OP(ADD, 0xfff, CMP_EQ, 0)));
	say("or: %#x\n", wake_op_result(0xf0, OP(OR, 0x0f, CMP_EQ, 0)));
	say("andn: %#x\n", wake_op_result(0xff, OP(ANDN, 0x0f, CMP_EQ, 0)));
	say("xor: %#x\n", wake_op_result(0xff, OP(XOR, 0x101, CMP_EQ, 0)));
	say("or shifted: %#x\n", wake_op_result(0, OP(OR | OPARG_SHIFT, 31, CMP_EQ, 0)));

	say("first word's waiter, comparison false: %ld\n", wake_waiter(&waiter_word, 0, OP(ADD, 0, CMP_NE, 0)));
	say("second word's waiter, comparison true: %ld\n", wake_waiter(&waiter_word, 1, OP(SET, 0, CMP_EQ, 0)));

	uint32_t w = 7;
	show_ret("misaligned second word", futex(&word1, FUTEX_WAKE_OP_PRIVATE, 1, 1, (char *)pair + 2, 0), errno);
	show_ret("unknown op", futex(&word1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w, OP(6, 1, CMP_EQ, 0)), errno);
	say("word after unknown op: %u\n", w);
	show_ret("unknown comparison", futex(&word1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w, OP(ADD, 1, 9, 0)), errno);
	say("word after unknown comparison: %u\n", w);
	done();
	return 0;
}
