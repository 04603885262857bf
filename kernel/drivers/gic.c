/*
 * gic.c — Arm Generic Interrupt Controller, versions 2 and 3.
 *
 * References: GICv2 architecture spec (IHI 0048B), GICv3/v4 (IHI 0069).
 * Version chosen from the DTB compatible: "arm,cortex-a15-gic" / "arm,gic-400"
 * (v2: distributor + CPU interface MMIO) or "arm,gic-v3" (distributor +
 * redistributor MMIO, CPU interface through ICC_* system registers).
 * The driver is the controller's half of core/irq.c (struct irqchip,
 * irq.h): gic_init finds and maps it and registers the operations below;
 * core keeps the handlers and the dispatch loop. Every CPU sets up its own
 * CPU interface and (v3) redistributor (cpu_init, called by core for each
 * CPU); SGIs and PPIs (INTIDs 0-31) are banked per CPU, shared interrupts
 * are routed to the boot CPU. IPIs (SGIs: IPI_RESCHED, IPI_STOP) go to one
 * CPU or every other one.
 *
 * Locking: the mapped bases and gic_version are written once in gic_init
 * before IRQs are enabled; gicr_cpu[] and gicv2_target[] by each CPU for
 * itself in cpu_init, before it takes interrupts and before others may
 * send it an IPI (it is not yet online). No lock.
 */
#include <drivers.h>

#include <arch.h>
#include <fdt.h>
#include <irq.h>
#include <printk.h>
#include <smp.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICR_TYPER 0x08
#define GICR_FRAME_SIZE 0x20000 /* RD_base + SGI_base (no VLPI frames on QEMU's GICv3) */
#define GICD_IROUTER 0x6000
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICR_WAKER 0x14
#define GICR_SGI_BASE 0x10000

/* GICv3 CPU interface registers by encoding (gas may not know the names). */
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"

static volatile u8 *gicd, *gicc, *gicr; /* gicr: the whole redistributor region */
static volatile u8 *gicr_cpu[MAX_CPUS]; /* each CPU's redistributor frame, set by that CPU */
static int gic_version;
static u8 gicv2_target[MAX_CPUS]; /* each CPU's GICv2 CPU-interface bit, read by that CPU */

static void w32(volatile u8 *base, unsigned off, u32 v)
{
	*(volatile u32 *)(base + off) = v;
}

static u32 r32(volatile u8 *base, unsigned off)
{
	return *(volatile u32 *)(base + off);
}

/* This CPU's GICv2 CPU interface (banked per CPU at the same address). */
static void gicv2_cpu_init(void)
{
	/* GICD_ITARGETSR0..7 are banked and read as this CPU's own interface
	 * bit (IHI 0048B, 4.3.12): the SGI target list uses it. */
	gicv2_target[this_cpu()->id] = *(volatile u8 *)(gicd + GICD_ITARGETSR);
	w32(gicc, GICC_PMR, 0xff);
	w32(gicc, GICC_CTLR, 1);
}

/* This CPU's redistributor: the frame whose GICR_TYPER affinity (bits 63:32,
 * Aff3.Aff2.Aff1.Aff0) is its MPIDR's; the frame with Last (bit 4) ends the
 * region (GICv3 spec 9.11.35). */
static volatile u8 *gicv3_find_redistributor(void)
{
	u64 mpidr = arch_cpu_hwid();
	u32 aff = (u32)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
	for (volatile u8 *frame = gicr;; frame += GICR_FRAME_SIZE) {
		u64 typer = *(volatile u64 *)(frame + GICR_TYPER);
		if ((u32)(typer >> 32) == aff)
			return frame;
		if (typer & (1u << 4))
			panic("gic: no redistributor for MPIDR %#lx", (unsigned long)mpidr);
	}
}

static void gicv3_cpu_init(void)
{
	volatile u8 *rd = gicv3_find_redistributor();
	gicr_cpu[this_cpu()->id] = rd;
	/* Wake this CPU's redistributor. */
	w32(rd, GICR_WAKER, r32(rd, GICR_WAKER) & ~(1u << 1));
	while (r32(rd, GICR_WAKER) & (1u << 2))
		;
	w32(rd + GICR_SGI_BASE, GICD_IGROUPR, 0xffffffff); /* SGIs/PPIs: group 1 */
	u64 sre;
	asm volatile("mrs %0, " ICC_SRE_EL1 : "=r"(sre));
	asm volatile("msr " ICC_SRE_EL1 ", %0\n\tisb" : : "r"(sre | 1));
	asm volatile("msr " ICC_PMR_EL1 ", %0" : : "r"(0xffUL));
	asm volatile("msr " ICC_IGRPEN1_EL1 ", %0\n\tisb" : : "r"(1UL));
}

/* Raises SGI ipi on every CPU but this one (GICv3 ICC_SGI1R_EL1.IRM, GICv2
 * GICD_SGIR TargetListFilter 0b01). */
static void gic_send_all_but_self(unsigned ipi)
{
	asm volatile("dsb ish" ::: "memory");
	if (gic_version == 3)
		asm volatile("msr " ICC_SGI1R_EL1 ", %0\n\tisb" : : "r"((1UL << 40) | ((u64)ipi << 24)));
	else
		w32(gicd, GICD_SGIR, (1u << 24) | ipi);
}

/* Raises SGI ipi on CPU cpu: GICv3 ICC_SGI1R_EL1 with the target's
 * Aff3.Aff2.Aff1 and its Aff0 as a bit of the target list (IHI 0069,
 * 12.11.19; Aff0 < 16 on QEMU's virt board), GICv2 GICD_SGIR with its CPU
 * interface bit (TargetListFilter 0b00). The dsb makes the sender's memory
 * writes (the run queue, need_resched) visible before the interrupt. */
static void gic_send_one(int cpu, unsigned ipi)
{
	asm volatile("dsb ish" ::: "memory");
	if (gic_version == 3) {
		u64 hwid = cpus[cpu].hwid;
		u64 v = ((hwid >> 32) & 0xff) << 48 | ((hwid >> 16) & 0xff) << 32 | (u64)ipi << 24 |
			((hwid >> 8) & 0xff) << 16 | (1UL << (hwid & 0xf));
		asm volatile("msr " ICC_SGI1R_EL1 ", %0\n\tisb" : : "r"(v));
	} else {
		w32(gicd, GICD_SGIR, (u32)gicv2_target[cpu] << 16 | ipi);
	}
}

static void gic_cpu_init(void)
{
	if (gic_version == 3)
		gicv3_cpu_init();
	else
		gicv2_cpu_init();
}

/* The index-th reg range of node, whose parent is parent, mapped. (The
 * parent is looked up once for both ranges: fdt_parent walks the device
 * tree from its root, about 100 k instructions each time on QEMU's.) */
static int map_node(const void *fdt, int parent, int node, int index, volatile u8 **out)
{
	u64 base, size;
	int err = fdt_reg_in(fdt, parent, node, index, &base, &size);
	if (err)
		return err;
	*out = ioremap(pa_init(base), size); /* reg: a physical address */
	return 0;
}

static struct irqchip gic_chip;

void gic_init(const void *fdt)
{
	int node = fdt_next_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		gic_version = 3;
		int parent = fdt_parent(fdt, node);
		CHECK(map_node(fdt, parent, node, 0, &gicd) == 0);
		CHECK(map_node(fdt, parent, node, 1, &gicr) == 0);
		w32(gicd, GICD_CTLR, (1 << 4) | (1 << 1)); /* ARE_NS, EnableGrp1NS */
	} else {
		node = fdt_next_compatible(fdt, -1, "arm,cortex-a15-gic");
		if (node < 0)
			node = fdt_next_compatible(fdt, -1, "arm,gic-400");
		if (node < 0)
			panic("no supported interrupt controller in the device tree");
		gic_version = 2;
		int parent = fdt_parent(fdt, node);
		CHECK(map_node(fdt, parent, node, 0, &gicd) == 0);
		CHECK(map_node(fdt, parent, node, 1, &gicc) == 0);
		w32(gicd, GICD_CTLR, 1);
	}
	gic_chip.name = gic_version == 3 ? "GICv3" : "GIC"; /* Linux's chips' names, in /proc/interrupts */
	irqchip_register(&gic_chip);
	printk(KERN_INFO "gic: version %d", gic_version);
}

/* The DTB's GIC specifier: type 1 = PPI, 0 = SPI (binding arm,gic.yaml). */
static unsigned gic_from_fdt(u32 type, u32 number)
{
	return type == 1 ? number + 16 : number + 32; /* 1 = PPI, 0 = SPI */
}

/* The distributor frame that holds irq's enable bits: for SGIs and PPIs on
 * GICv3, this CPU's redistributor. */
static volatile u8 *dist_for(unsigned irq)
{
	if (gic_version == 3 && irq < 32)
		return gicr_cpu[this_cpu()->id] + GICR_SGI_BASE;
	return gicd;
}

static void gic_unmask(unsigned irq)
{
	volatile u8 *dist = dist_for(irq);
	*(volatile u8 *)(dist + GICD_IPRIORITYR + irq) = 0xa0;
	if (irq >= 32) {
		if (gic_version == 3) {
			w32(gicd, GICD_IGROUPR + (irq / 32) * 4,
			    r32(gicd, GICD_IGROUPR + (irq / 32) * 4) | (1u << (irq % 32)));
			*(volatile u64 *)(gicd + GICD_IROUTER + 8 * irq) = 0; /* affinity 0.0.0.0 */
		} else {
			*(volatile u8 *)(gicd + GICD_ITARGETSR + irq) = 1;
		}
	}
	w32(dist, GICD_ISENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

/* GICD_ICENABLER (IHI 0069, 12.9.6): a write of 1 disables. */
static void gic_mask(unsigned irq)
{
	w32(dist_for(irq), GICD_ICENABLER + (irq / 32) * 4, 1u << (irq % 32));
}

static unsigned gic_ack(void)
{
	if (gic_version == 3) {
		u64 v;
		asm volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(v));
		return (unsigned)(v & 0xffffff);
	}
	return r32(gicc, GICC_IAR) & 0x3ff;
}

static void gic_eoi(unsigned irq)
{
	if (gic_version == 3)
		asm volatile("msr " ICC_EOIR1_EL1 ", %0\n\tisb" : : "r"((u64)irq));
	else
		w32(gicc, GICC_EOIR, irq);
}

static struct irqchip gic_chip = {
	/* [gic_init, then read only] */
	.nr_percpu = 32, /* SGIs and PPIs */
	.cpu_init = gic_cpu_init,
	.ack = gic_ack,
	.eoi = gic_eoi,
	.mask = gic_mask,
	.unmask = gic_unmask,
	.send_ipi = gic_send_one,
	.send_ipi_others = gic_send_all_but_self,
	.from_fdt = gic_from_fdt,
};
