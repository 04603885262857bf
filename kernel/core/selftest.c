/*
 * selftest.c — faults on purpose, when the kernel command line asks for it,
 * so the tests can check what a kernel bug looks like on the console
 * (tests/harness/panic_check.py): "levitate.selftest=panic" makes a NULL
 * dereference in kernel mode, which must print the decoded ESR, the
 * registers and a symbolized backtrace, then halt.
 */
#include <selftest.h>

#include <printk.h>
#include <string.h>

static volatile u64 fault_address = 0x10; /* unmapped: page 0 of TTBR0 */

static void __attribute__((noinline)) selftest_fault(void)
{
	*(volatile u64 *)fault_address = 0xdead; /* a data abort from EL1 */
}

void selftest_run(const char *cmdline)
{
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
