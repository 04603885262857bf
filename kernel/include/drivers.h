/*
 * drivers.h — device drivers found from the device tree.
 */
#pragma once

#include <types.h>

/* The PL011 UART at regs becomes the console's output (called again with
 * the ioremap'd address once the kernel's tables are live). */
void pl011_init_early(void *regs);
/* Received bytes, from the UART's interrupt (IRQs masked). */
typedef void (*pl011_receive_fn)(const char *buf, size_t n);
/* Turns on the receive interrupt irq; each byte received goes to receive,
 * a BREAK on the line to on_break. */
void pl011_enable_rx_irq(unsigned irq, pl011_receive_fn receive, void (*on_break)(void));
void virtio_mmio_probe(const void *fdt); /* posts a virtio-rng request for entropy */
void virtio_mmio_finish(void);		 /* collects it into the CSPRNG (waits if it has not come yet) */
/* The GIC (v2 or v3, from the DTB) becomes the interrupt controller
 * (irqchip_register, irq.h); panics when the DTB has none. */
void gic_init(const void *fdt);
/* The Arm generic timer's virtual timer becomes the clock-event device
 * (clockevent_register, time.h); after gic_init. */
void arm_timer_init(const void *fdt);
/* PL031 real-time clock: seconds since the epoch, or 0 if absent. */
u64 pl031_read_seconds(const void *fdt);
