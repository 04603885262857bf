/*
 * irq.c — interrupt handling independent of the controller (Linux's
 * kernel/irq, much reduced): the handler of each interrupt number, the
 * dispatch loop the architecture's IRQ entry calls, and the IPIs, all over
 * the operations the controller's driver registers (struct irqchip,
 * irq.h; drivers/gic.c).
 *
 * Dispatch: ack gives the highest pending interrupt, its handler runs with
 * IRQs masked, eoi ends it; repeated until none is pending. An interrupt
 * with no handler is masked (and reported) rather than raised again and
 * again.
 *
 * Per-CPU interrupts (numbers below chip->nr_percpu: IPIs, the timer) are
 * enabled separately on every CPU: irq_register unmasks one on the calling
 * CPU, and each CPU started later unmasks the ones registered so far in
 * irq_init_this_cpu.
 *
 * Counts (/proc/interrupts, /proc/stat): each registered interrupt has a
 * slot (in number order) with a counter per CPU, which only that CPU's irq_dispatch writes
 * and readers read whole (relaxed atomics, as Linux's kstat_irqs_cpu).
 *
 * Locking: chip, actions[] and the slots are written only on the boot CPU
 * before IRQs are enabled and secondary CPUs started (smp_start_secondaries
 * starts them after the last irq_register), and only read afterwards: no
 * lock.
 */
#include <irq.h>

#include <arch.h>
#include <lockdep.h>
#include <printk.h>
#include <smp.h>
#include <task.h>

struct irq_action {
	irq_handler_t fn;
	void *arg;
	u8 slot; /* its counters: slots[slot] */
};

struct irq_slot {
	unsigned irq;
	const char *name;
	u64 count[MAX_CPUS]; /* [written by that CPU; read atomic] */
};

static const struct irqchip *chip;		  /* [boot CPU, before IRQs are on] */
static struct irq_action actions[NR_IRQS];	  /* [boot CPU, before IRQs are on] */
static struct irq_slot slots[IRQ_MAX_REGISTERED]; /* [boot CPU, before IRQs are on]; counts as above */
static unsigned nr_slots;			  /* [boot CPU, before IRQs are on] */
static u64 unhandled;				  /* [atomic] */

void irqchip_register(const struct irqchip *c)
{
	CHECK(!chip && c->nr_percpu <= NR_IRQS);
	chip = c;
	chip->cpu_init();
}

void irq_init_this_cpu(void)
{
	chip->cpu_init();
	for (unsigned irq = 0; irq < chip->nr_percpu; irq++)
		if (actions[irq].fn)
			chip->unmask(irq);
}

void irq_register(unsigned irq, const char *name, irq_handler_t fn, void *arg)
{
	CHECK(irq < NR_IRQS && fn && !actions[irq].fn && nr_slots < IRQ_MAX_REGISTERED);
	unsigned at = nr_slots++; /* slots stay in number order: the later ones move up one */
	for (; at > 0 && slots[at - 1].irq > irq; at--) {
		slots[at] = slots[at - 1];
		actions[slots[at].irq].slot = (u8)at;
	}
	slots[at] = (struct irq_slot){.irq = irq, .name = name};
	actions[irq].slot = (u8)at;
	actions[irq].fn = fn;
	actions[irq].arg = arg;
	chip->unmask(irq);
}

unsigned irq_nr_registered(void)
{
	return nr_slots;
}

unsigned irq_slot_number(unsigned slot, const char **name)
{
	*name = slots[slot].name;
	return slots[slot].irq;
}

u64 irq_slot_count(unsigned slot, int cpu)
{
	return __atomic_load_n(&slots[slot].count[cpu], __ATOMIC_RELAXED);
}

u64 irq_errors(void)
{
	return __atomic_load_n(&unhandled, __ATOMIC_RELAXED);
}

const char *irq_chip_name(void)
{
	return chip ? chip->name : "";
}

unsigned irq_from_fdt(u32 type, u32 number)
{
	return chip->from_fdt(type, number);
}

void irq_send_ipi(int cpu, unsigned ipi)
{
	if (chip)
		chip->send_ipi(cpu, ipi);
}

void irq_send_ipi_others(unsigned ipi)
{
	if (chip)
		chip->send_ipi_others(ipi);
}

static bool in_handler[MAX_CPUS]; /* inside irq_dispatch [own CPU] */

bool irq_in_handler(void)
{
	struct task *t = arch_current();
	return t && in_handler[t->cpu];
}

void irq_dispatch(void)
{
	struct task *t = arch_current();
	if (t)
		in_handler[t->cpu] = true;
	lockdep_irq_enter();
	for (;;) {
		unsigned irq = chip->ack();
		if (irq >= NR_IRQS) /* none pending (the GIC's 1023, or a special INTID) */
			break;
		if (actions[irq].fn) {
			if (t) { /* this CPU's own counter: a plain increment, read atomically */
				u64 *count = &slots[actions[irq].slot].count[t->cpu];
				__atomic_store_n(count, *count + 1, __ATOMIC_RELAXED);
			}
			actions[irq].fn(irq, actions[irq].arg);
		} else {
			__atomic_fetch_add(&unhandled, 1, __ATOMIC_RELAXED);
			printk(KERN_WARNING "irq %u: no handler: masked", irq);
			chip->mask(irq);
		}
		chip->eoi(irq);
	}
	lockdep_irq_exit();
	if (t)
		in_handler[t->cpu] = false;
}
