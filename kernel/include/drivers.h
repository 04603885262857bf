/*
 * drivers.h — device drivers found from the device tree.
 */
#pragma once

#include <types.h>

void pl011_init_early(void *regs);
void pl011_enable_rx_irq(unsigned irq);
void virtio_mmio_probe(const void *fdt);
/* PL031 real-time clock: seconds since the epoch, or 0 if absent. */
u64 pl031_read_seconds(const void *fdt);
