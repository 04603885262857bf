/*
 * init.c — what happens when PID 1 ends or reaps (its start is
 * init/pid1.c's).
 *
 * PID 1 must never exit: Linux panics "Attempted to kill init!" (kernel/exit.c
 * do_exit). LevitateOS prints the same message and then powers off, so a
 * test run ends instead of hanging.
 *
 * "levitate.log_reaps" on the command line makes the kernel log its free
 * page count each time PID 1 reaps a child, and the pages its caches keep
 * for reuse (kmalloc's slabs, freed kernel stacks: kstack.c) (tests/harness/
 * leak_check.py and fuzz.py read it to check that every page comes back).
 */
#include <process.h>

#include <arch.h>
#include <kmalloc.h>
#include <page.h>
#include <printk.h>

static bool log_reaps; /* set once at boot, read-only afterwards */

void init_log_reaps(bool on)
{
	log_reaps = on;
}

void init_died(int wait_status)
{
	printk(KERN_EMERG "Kernel panic - not syncing: Attempted to kill init! exitcode=0x%08x", (unsigned)wait_status);
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x%08x ]---",
	       (unsigned)wait_status);
	arch_power_off();
}

void init_reaped(int pid)
{
	if (log_reaps)
		printk(KERN_INFO "init: reaped %d, %lu pages free, %lu in kernel caches", pid,
		       (unsigned long)page_free_count(),
		       (unsigned long)(kmalloc_cached_pages() + arch_kstack_cached_pages()));
}
