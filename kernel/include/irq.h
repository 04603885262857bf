/*
 * irq.h — interrupt controller interface (GICv2 or GICv3, from the DTB).
 */
#pragma once

#include <types.h>

typedef void (*irq_handler_t)(unsigned irq, void *arg);

void irq_init(const void *fdt);
/* This CPU's interrupt-controller interface (irq_init does the boot CPU's). */
void irq_init_this_cpu(void);
void irq_register(unsigned irq, irq_handler_t fn, void *arg);
/* Called from the exception vector with IRQs masked. */
void irq_dispatch(void);
/* Converts a DTB "interrupts" triple (type, number, flags) to an INTID. */
unsigned irq_from_fdt(u32 type, u32 number);
