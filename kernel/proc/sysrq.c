/*
 * sysrq.c — the magic SysRq keys (Linux's drivers/tty/sysrq.c), the ones
 * that show where tasks are:
 *   t  every task: ids, state, CPU, signals, wait channel, kernel call chain
 *      (task_show_all), then each CPU's running task (sched_show_cpus)
 *   w  only the tasks in an uninterruptible sleep (Linux's show-blocked-tasks)
 *   l  each CPU's running task and call chain (Linux's show-backtrace-all-active-cpus)
 * any other key prints the help line, as Linux's.
 *
 * A key comes from the serial console (tty/serial.c: a BREAK, or the
 * sequence SYSRQ_SERIAL_SEQUENCE, then the key) or from a write to
 * /proc/sysrq-trigger (fs/procfs.c). Like Linux's __handle_sysrq the
 * output is shown on the console whatever the console log level (it is
 * raised to 7, KERN_INFO, for the duration), and it ends with the line
 * "sysrq: end of KEY" so that a reader of the log (the test harness, which
 * asks for a dump before it kills a LevitateOS run that timed out:
 * docs/testing.md) knows the dump is complete.
 *
 * Called from the serial port's receive interrupt or a write(2): no lock is
 * held by the caller, and the dump takes only tasklist_lock (task_show_all).
 */
#include <process.h>

#include <printk.h>

#define SYSRQ_LOGLEVEL 7 /* Linux CONSOLE_LOGLEVEL_DEFAULT: KERN_INFO and above shown */

void sysrq_handle(char key)
{
	int saved = console_loglevel;
	if (console_loglevel < SYSRQ_LOGLEVEL)
		console_loglevel = SYSRQ_LOGLEVEL;
	switch (key) {
	case 't':
		printk(KERN_INFO "sysrq: Show State");
		task_show_all(false);
		sched_show_cpus();
		break;
	case 'w':
		printk(KERN_INFO "sysrq: Show Blocked State");
		task_show_all(true);
		break;
	case 'l':
		printk(KERN_INFO "sysrq: Show backtrace of all active CPUs");
		sched_show_cpus();
		break;
	default:
		printk(KERN_INFO "sysrq: HELP : show-backtrace-all-active-cpus(l) show-task-states(t) "
				 "show-blocked-tasks(w)");
		break;
	}
	printk(KERN_INFO "sysrq: end of %c", key >= ' ' && key < 0x7f ? key : '?');
	console_loglevel = saved;
}
