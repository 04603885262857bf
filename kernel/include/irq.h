/*
 * irq.h — interrupts (core/irq.c): a handler per interrupt number, and the
 * interrupt controller behind struct irqchip (Linux's struct irq_chip),
 * whose driver registers its operations at boot (drivers/gic.c). The
 * architecture's exception entry calls irq_dispatch; nothing outside the
 * controller's driver knows which controller it is.
 */
#pragma once

#include <types.h>

/* Interrupt numbers are 0..NR_IRQS-1 (the GIC's INTIDs: 0-15 software
 * interrupts, the IPIs; 16-31 per-CPU peripherals; 32-1019 shared ones). */
#define NR_IRQS 1020

typedef void (*irq_handler_t)(unsigned irq, void *arg);

/*
 * A controller's operations. Each acts on the calling CPU's interface;
 * every one is called with IRQs masked except unmask and mask, which
 * irq_register and irq_dispatch call (also masked, so far).
 */
struct irqchip {
	const char *name;
	unsigned nr_percpu;			 /* numbers below it are per CPU (banked): each CPU unmasks its own */
	void (*cpu_init)(void);			 /* this CPU's interface, before it takes interrupts */
	unsigned (*ack)(void);			 /* the highest pending interrupt, now active; >= NR_IRQS: none */
	void (*eoi)(unsigned irq);		 /* irq's handling is over: it may be raised again */
	void (*mask)(unsigned irq);		 /* stop delivering irq (this CPU's, if per CPU) */
	void (*unmask)(unsigned irq);		 /* deliver irq (a shared one to the boot CPU) */
	void (*send_ipi)(int cpu, unsigned ipi); /* raise software interrupt ipi on CPU cpu */
	void (*send_ipi_others)(unsigned ipi);	 /* ... on every CPU but this one */
	unsigned (*from_fdt)(u32 type, u32 number); /* a DTB "interrupts" specifier's number */
};

/* The controller's driver, once, on the boot CPU before IRQs are enabled:
 * sets up the boot CPU's interface (cpu_init). */
void irqchip_register(const struct irqchip *chip);
/* A secondary CPU's interface, and the per-CPU interrupts registered so far
 * unmasked on it (smp_secondary_main). */
void irq_init_this_cpu(void);
/* Installs fn as irq's handler and unmasks irq (a per-CPU one on this CPU:
 * CPUs started later unmask it in irq_init_this_cpu). Before IRQs are on.
 * name is what /proc/interrupts shows (a string that lives for good). */
void irq_register(unsigned irq, const char *name, irq_handler_t fn, void *arg);

/* Counts for /proc/interrupts and /proc/stat's intr line (Linux's
 * kstat_irqs_cpu): every registered interrupt, each CPU's handled ones. The
 * registered ones are slots 0..irq_nr_registered()-1 in the order of their
 * numbers; numbers below NR_IPIS are the IPIs (software interrupts). */
#define NR_IPIS 16
#define IRQ_MAX_REGISTERED 16
unsigned irq_nr_registered(void);
unsigned irq_slot_number(unsigned slot, const char **name); /* slot's interrupt number and name */
u64 irq_slot_count(unsigned slot, int cpu);		    /* slot's interrupts handled on cpu */
u64 irq_errors(void);					    /* raised with no handler (masked then): Linux's "Err:" */
const char *irq_chip_name(void);
/* The architecture's IRQ exception entry, with IRQs masked: handles every
 * pending interrupt. */
void irq_dispatch(void);
/* Is this CPU inside irq_dispatch? An interrupt acknowledged and not yet
 * ended holds the controller's running priority, so no other interrupt of
 * its priority (an IPI, the tick) reaches this CPU, not even to end a wfi. */
bool irq_in_handler(void);
/* Converts a DTB "interrupts" specifier (type, number) to an interrupt number. */
unsigned irq_from_fdt(u32 type, u32 number);
/* Software interrupts between CPUs (smp.h's IPI_*); nothing before a
 * controller is registered. */
void irq_send_ipi(int cpu, unsigned ipi);
void irq_send_ipi_others(unsigned ipi);
