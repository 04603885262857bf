/*
 * pl031.c — Arm PrimeCell RTC (PL031): QEMU -M virt reports the host's
 * wall-clock time in its data register (seconds since the epoch).
 * Reference: ARM DDI 0224 (PL031 TRM).
 */
#include <drivers.h>

#include <arch.h>
#include <fdt.h>

#define RTCDR 0x00

u64 pl031_read_seconds(const void *fdt)
{
	int node = fdt_next_compatible(fdt, -1, "arm,pl031");
	u64 base, size;
	if (node < 0 || fdt_reg(fdt, node, 0, &base, &size))
		return 0;
	volatile u32 *regs = ioremap(pa_init(base), size); /* reg: a physical address */
	return regs[RTCDR / 4];
}
