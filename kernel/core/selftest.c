/*
 * selftest.c — faults on purpose, when the kernel command line asks for it,
 * so the tests can check what a kernel bug looks like on the console
 * (tests/harness/panic_check.py): "levitate.selftest=panic" makes a NULL
 * dereference in kernel mode, which must print the decoded ESR, the
 * registers and a symbolized backtrace, then halt;
 * "levitate.selftest=stack_overflow" starts a kernel thread that recurses
 * until its kernel stack runs into the guard below it, which must panic with
 * "kernel stack overflow" and the recursion in the backtrace.
 */
#include <selftest.h>

#include <arch.h>
#include <printk.h>
#include <string.h>
#include <task.h>

static volatile u64 fault_address = 0x10; /* unmapped: page 0 of TTBR0 */

static void __attribute__((noinline)) selftest_fault(void)
{
	*(volatile u64 *)fault_address = 0xdead; /* a data abort from EL1 */
}

/* 256 bytes a call, 64 KiB at most: far past any kernel stack's end. */
static int __attribute__((noinline)) selftest_recurse(int depth)
{
	volatile u8 frame[256];
	frame[0] = (u8)depth;
	if (depth < 256)
		frame[1] = (u8)selftest_recurse(depth + 1);
	return frame[0] + frame[1];
}

static int selftest_overflow_thread(void *arg)
{
	printk(KERN_EMERG "selftest: overflowing the kernel stack on purpose");
	return selftest_recurse(0);
}

void selftest_run(const char *cmdline)
{
	if (cmdline && strstr_simple(cmdline, "levitate.selftest=stack_overflow")) {
		CHECK(task_create_kthread("selftest", selftest_overflow_thread, NULL));
		arch_irq_enable(); /* the boot thread idles at once: the thread runs */
		sched_idle_loop();
	}
	if (!cmdline || !strstr_simple(cmdline, "levitate.selftest=panic"))
		return;
	printk(KERN_EMERG "selftest: faulting on purpose");
	selftest_fault();
}

const char *strstr_simple(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}
