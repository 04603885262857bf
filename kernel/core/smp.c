/*
 * smp.c — the CPUs (see smp.h): which exist, starting the secondaries, and
 * stopping them at a panic.
 *
 * Start-up, in two steps so the secondaries come up while the boot CPU
 * unpacks the initramfs (issue #15: the wait was serial boot time).
 * smp_start_secondaries, for each CPU the device tree lists after the boot
 * CPU, up to maxcpus: the boot CPU makes its idle task (whose kernel stack
 * the new CPU starts on) and asks the architecture to start it (arm64: PSCI
 * CPU_ON, arch/arm64/smp.c); the new CPU sets up its MMU, exception vectors,
 * PAN, counter access, GIC CPU interface and redistributor, then calls
 * smp_secondary_main, which marks it online and waits, in wfi, for the
 * release. smp_wait_secondaries waits (a second at most each) for them to
 * be online, counts them, releases them and wakes them with IPI_RESCHED;
 * each then starts its timer tick and enters the scheduler's idle loop on
 * its idle task (core/sched.c).
 *
 * IPIs: IPI_RESCHED's handler does nothing itself: the interrupt ends the
 * idle CPU's wfi, or brings a task in user mode through exit_to_user_mode,
 * which reschedules (need_resched, set by the sender under a run-queue lock) and
 * acts on pending signals. IPI_STOP halts the CPU (panic). IPI_BACKTRACE
 * prints where the CPU is (a task dump, core/show_task.c).
 */
#include <smp.h>

#include <arch.h>
#include <irq.h>
#include <printk.h>
#include <selftest.h>
#include <string.h>
#include <task.h>
#include <time.h>

struct cpu cpus[MAX_CPUS];
static int nr_online = 1;	   /* [atomic] */
static bool stop_requested;	   /* [atomic] panic(): park for good */
static bool smp_release;	   /* [atomic] smp_wait_secondaries is done: secondaries may schedule */
static int nr_started = 1;	   /* CPUs started by smp_start_secondaries, the boot CPU too [boot CPU] */
static int nr_listed = 1;	   /* CPUs the device tree lists [boot CPU] */
static u64 online_mask = 1;	   /* [atomic] */
static u64 resched_owed[MAX_CPUS]; /* IPI_RESCHEDs each CPU owes [own CPU, interrupts off] */

struct cpu *this_cpu(void)
{
	struct task *t = current();
	return &cpus[t ? t->cpu : 0];
}

int smp_online_count(void)
{
	return __atomic_load_n(&nr_online, __ATOMIC_ACQUIRE);
}

u64 smp_online_mask(void)
{
	return __atomic_load_n(&online_mask, __ATOMIC_ACQUIRE);
}

void smp_owe_resched(int cpu)
{
	int me = this_cpu()->id;
	if (cpu != me)
		resched_owed[me] |= 1UL << cpu;
}

void smp_send_owed(void)
{
	int me = this_cpu()->id;
	u64 owed = resched_owed[me];
	resched_owed[me] = 0;
	for (; owed; owed &= owed - 1)
		irq_send_ipi(__builtin_ctzl(owed), IPI_RESCHED);
}

static void ipi_resched(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg; /* the return from the interrupt does the work */
}

static void ipi_stop(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	arch_halt();
}

static void ipi_backtrace(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	sched_backtrace_ipi();
}

/* maxcpus=N on the command line (Linux's early parameter); every CPU the
 * device tree lists when absent, as Linux's default. */
static int maxcpus_param(const char *cmdline)
{
	const char *p = cmdline ? strstr_simple(cmdline, "maxcpus=") : NULL;
	if (!p || (p != cmdline && p[-1] != ' '))
		return MAX_CPUS;
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

void smp_start_secondaries(const void *fdt, const char *cmdline)
{
	u64 hwids[MAX_CPUS];
	int n = arch_cpu_enumerate(fdt, hwids, MAX_CPUS); /* hwids[0]: the boot CPU */
	nr_listed = n;
	cpus[0].id = 0; /* idle and curr: sched_init */
	cpus[0].hwid = hwids[0];
	cpus[0].midr = arch_midr();
	cpus[0].online = true;
	irq_register(IPI_RESCHED, "Rescheduling interrupts", ipi_resched, NULL);
	irq_register(IPI_STOP, "CPU stop interrupts", ipi_stop, NULL);
	irq_register(IPI_BACKTRACE, "Backtrace interrupts", ipi_backtrace, NULL);
	int want = maxcpus_param(cmdline);
	for (int i = 1; i < n && i < want; i++) {
		struct cpu *c = &cpus[i];
		c->id = i;
		c->hwid = hwids[i];
		c->idle = task_alloc_idle();
		if (!c->idle)
			break;
		sched_init_idle(c->idle, i);
		int err = arch_cpu_start(i, c->hwid, c->idle);
		if (err) {
			printk(KERN_ERR "smp: CPU%d (MPIDR %#lx) failed to start (%d)", i, (unsigned long)c->hwid, err);
			break;
		}
		nr_started = i + 1;
	}
}

void smp_wait_secondaries(void)
{
	for (int i = 1; i < nr_started; i++) {
		struct cpu *c = &cpus[i];
		if (!wait_online(c)) {
			printk(KERN_ERR "smp: CPU%d (MPIDR %#lx) failed to come online", i, (unsigned long)c->hwid);
			break; /* its idle task and stack stay: it may still be starting; those after it halt */
		}
		__atomic_add_fetch(&nr_online, 1, __ATOMIC_RELEASE);
		__atomic_or_fetch(&online_mask, 1UL << i, __ATOMIC_RELEASE);
	}
	printk(KERN_INFO "smp: %d of %d CPUs up", smp_online_count(), nr_listed);
	__atomic_store_n(&smp_release, true, __ATOMIC_RELEASE);
	for (int i = 1; i < nr_started; i++)
		irq_send_ipi(i, IPI_RESCHED); /* ends the wfi of smp_secondary_main */
}

void smp_secondary_main(int cpu)
{
	irq_init_this_cpu();
	printk(KERN_INFO "CPU%d: booted secondary processor (MPIDR %#lx)", cpu, (unsigned long)cpus[cpu].hwid);
	cpus[cpu].midr = arch_midr(); /* published by the release store of online */
	__atomic_store_n(&cpus[cpu].online, true, __ATOMIC_RELEASE);
	/* The boot CPU counts this one online after it sees `online`: wait for
	 * smp_wait_secondaries to finish before taking tasks, so every CPU's
	 * mask is set. The wait is wfi, not a spin (the boot CPU is unpacking
	 * the initramfs meanwhile, and under QEMU a spinning CPU takes a host
	 * CPU from it): interrupts are masked, but the pending IPI_RESCHED the
	 * release sends ends wfi all the same (Arm ARM D1.16.2), even one sent
	 * before this CPU reaches wfi; it is taken, doing nothing, once
	 * interrupts are enabled below. */
	while (!__atomic_load_n(&smp_release, __ATOMIC_ACQUIRE))
		arch_wait_for_interrupt();
	if (__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE) || !(smp_online_mask() & (1UL << cpu)))
		arch_halt(); /* a panic, or too late: smp_wait_secondaries gave up on this CPU (boot went on without it) */
	time_init_this_cpu(); /* its tick only once it is one of the CPUs: a CPU turned away has none */
	arch_irq_enable();
	sched_idle_loop();
}

void smp_stop_others(void)
{
	__atomic_store_n(&stop_requested, true, __ATOMIC_RELEASE);
	if (smp_online_count() > 1)
		irq_send_ipi_others(IPI_STOP);
}
