/*
 * smp.c — the CPUs (see smp.h): which exist, starting the secondaries, and
 * stopping them at a panic.
 *
 * Start-up, for each CPU the device tree lists after the boot CPU, up to
 * maxcpus: the boot CPU makes its idle task (whose kernel stack the new CPU
 * starts on) and asks the architecture to start it (arm64: PSCI CPU_ON,
 * arch/arm64/smp.c); the new CPU sets up its MMU, exception vectors, PAN,
 * counter access, GIC CPU interface and redistributor, then calls
 * smp_secondary_main, which marks it online and parks it until a stop IPI.
 */
#include <smp.h>

#include <arch.h>
#include <irq.h>
#include <printk.h>
#include <selftest.h>
#include <string.h>
#include <task.h>

struct cpu cpus[MAX_CPUS];
static int nr_online = 1;		 /* [atomic] */
static bool stop_requested;		 /* [atomic] panic(): park for good */
static void (*cross_call)(unsigned ipi); /* set once by the GIC driver at init */

struct cpu *this_cpu(void)
{
	struct task *t = current();
	return &cpus[t ? t->cpu : 0];
}

int smp_online_count(void)
{
	return __atomic_load_n(&nr_online, __ATOMIC_ACQUIRE);
}

void smp_set_cross_call(void (*send_all_but_self)(unsigned ipi))
{
	cross_call = send_all_but_self;
}

/* maxcpus=N on the command line (Linux's early parameter); 1 when absent. */
static int maxcpus_param(const char *cmdline)
{
	const char *p = cmdline ? strstr_simple(cmdline, "maxcpus=") : NULL;
	if (!p || (p != cmdline && p[-1] != ' '))
		return 1;
	int n = 0;
	for (p += 8; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n < 1 ? 1 : n > MAX_CPUS ? MAX_CPUS : n;
}

/* Waits up to a second for cpu to come online. */
static bool wait_online(struct cpu *c)
{
	u64 end = arch_counter() + arch_counter_freq();
	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
		if (arch_counter() > end)
			return false;
	return true;
}

void smp_init(const void *fdt, const char *cmdline)
{
	u64 hwids[MAX_CPUS];
	int n = arch_cpu_enumerate(fdt, hwids, MAX_CPUS); /* hwids[0]: the boot CPU */
	cpus[0] = (struct cpu){.id = 0, .hwid = hwids[0], .idle = current(), .online = true};
	int want = maxcpus_param(cmdline);
	for (int i = 1; i < n && i < want; i++) {
		struct cpu *c = &cpus[i];
		c->id = i;
		c->hwid = hwids[i];
		c->idle = task_alloc_idle();
		if (!c->idle)
			break;
		c->idle->cpu = i;
		c->idle->state = TASK_RUNNING;
		int err = arch_cpu_start(i, c->hwid, c->idle);
		if (err || !wait_online(c)) {
			printk(KERN_ERR "smp: CPU%d (MPIDR %#lx) failed to come online (%d)", i, (unsigned long)c->hwid,
			       err);
			break; /* its idle task and stack stay: it may still be starting */
		}
		__atomic_add_fetch(&nr_online, 1, __ATOMIC_RELEASE);
	}
	printk(KERN_INFO "smp: %d of %d CPUs up%s", smp_online_count(), n,
	       smp_online_count() > 1 ? " (secondaries parked: the scheduler runs on CPU0 only)" : "");
}

void smp_secondary_main(int cpu)
{
	irq_init_this_cpu();
	printk(KERN_INFO "CPU%d: booted secondary processor (MPIDR %#lx)", cpu, (unsigned long)cpus[cpu].hwid);
	__atomic_store_n(&cpus[cpu].online, true, __ATOMIC_RELEASE);
	/* Parked with interrupts masked: a pending interrupt (the stop IPI)
	 * still ends wfi (Arm ARM, D1.16.2 "Wait For Interrupt"). */
	arch_irq_disable();
	while (!__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
		arch_wait_for_interrupt();
	arch_halt();
}

void smp_stop_others(void)
{
	__atomic_store_n(&stop_requested, true, __ATOMIC_RELEASE);
	if (smp_online_count() > 1 && cross_call)
		cross_call(IPI_STOP);
}
