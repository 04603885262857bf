/*
 * arm_timer.c — the Arm generic timer's virtual timer as the clock-event
 * device (time.h; Linux's drivers/clocksource/arm_arch_timer.c).
 *
 * Reference: Arm ARM (DDI 0487) D11, "The Generic Timer in AArch64 state":
 * CNTV_CVAL_EL0 is the compare value, CNTV_CTL_EL0 bit 0 ENABLE and bit 1
 * IMASK; the interrupt is raised while the virtual count is at or past the
 * compare value. Each CPU has its own (banked registers and a per-CPU
 * interrupt, a PPI), so every operation acts on the calling CPU's timer.
 * The DTB binding (arm,armv8-timer) lists four interrupts: secure physical,
 * non-secure physical, virtual and hypervisor timer; the virtual one is the
 * third (QEMU virt: PPI 11, INTID 27).
 *
 * The counter itself is the architecture's (arch_counter, which the vDSO
 * reads too), and so are EL0's access to it and the event stream (arm64's
 * cpu.c, on every CPU). This driver only programs the timer and takes its
 * interrupt. The registers are system registers: an Arm-only driver, listed
 * in tools/check-layers' ALLOWED_ASM like the GIC's.
 *
 * Locking: none; the registers are the calling CPU's own, touched with IRQs
 * masked (set_next_event, the interrupt handler).
 */
#include <drivers.h>

#include <fdt.h>
#include <irq.h>
#include <time.h>

#define CNTV_CTL_ENABLE 1ul
#define CNTV_CTL_IMASK 2ul
#define VTIMER_PPI_DEFAULT 11 /* QEMU virt's, when the DTB has no timer node */

static void arm_timer_set_next_event(u64 counter_value)
{
	asm volatile("msr cntv_cval_el0, %0" : : "r"(counter_value));
	asm volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(CNTV_CTL_ENABLE));
}

/* The interrupt stays raised while the compare value is passed: masked
 * until time_tick_irq programs the next event. */
static void arm_timer_irq(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	asm volatile("msr cntv_ctl_el0, %0" : : "r"(CNTV_CTL_ENABLE | CNTV_CTL_IMASK));
	time_tick_irq();
}

static const struct clock_event arm_timer_event = {
	.name = "arch_sys_timer",
	.set_next_event = arm_timer_set_next_event,
};

/* The virtual timer's interrupt number from the DTB's third specifier
 * (three cells each: type, number, flags). */
static unsigned vtimer_irq(const void *fdt)
{
	int node = fdt_next_compatible(fdt, -1, "arm,armv8-timer");
	u64 type, number;
	if (node < 0 || fdt_read_cells(fdt, node, "interrupts", 2 * 3, 1, &type) != 0 ||
	    fdt_read_cells(fdt, node, "interrupts", 2 * 3 + 1, 1, &number) != 0)
		return irq_from_fdt(1, VTIMER_PPI_DEFAULT);
	return irq_from_fdt((u32)type, (u32)number);
}

void arm_timer_init(const void *fdt)
{
	clockevent_register(&arm_timer_event);
	irq_register(vtimer_irq(fdt), "arch_timer", arm_timer_irq, NULL);
}
