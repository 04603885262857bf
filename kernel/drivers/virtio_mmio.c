/*
 * virtio_mmio.c — virtio over MMIO (virtio spec 1.1 §4.2), enough for the
 * entropy device (virtio-rng, device id 4): one virtqueue, the driver posts
 * a buffer and polls for it to come back. The request is posted by
 * virtio_mmio_probe and collected by virtio_mmio_finish, later in the boot,
 * so the host's answer (QEMU fills it from its main loop) comes while the
 * kernel does other work instead of being waited for (Linux too takes a
 * hardware RNG's entropy asynchronously). QEMU -M virt has 32 transports;
 * only those with a device behind them answer with a non-zero device id.
 * Both the modern (version 2) and the legacy (version 1, QEMU's default for
 * virtio-mmio) register layouts are driven; legacy queues live at fixed
 * offsets in two pages (virtio 0.9.5 "vring" layout, 4 KiB alignment).
 */
#include <drivers.h>

#include <arch.h>
#include <fdt.h>
#include <page.h>
#include <printk.h>
#include <random.h>
#include <string.h>

#define VIRTIO_MAGIC 0x000
#define VIRTIO_VERSION 0x004
#define VIRTIO_DEVICE_ID 0x008
#define VIRTIO_DEVICE_FEATURES 0x010
#define VIRTIO_DRIVER_FEATURES 0x020
#define VIRTIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_QUEUE_SEL 0x030
#define VIRTIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_QUEUE_NUM 0x038
#define VIRTIO_LEGACY_GUEST_PAGE_SIZE 0x028
#define VIRTIO_LEGACY_QUEUE_ALIGN 0x03c
#define VIRTIO_LEGACY_QUEUE_PFN 0x040
#define VIRTIO_QUEUE_READY 0x044
#define VIRTIO_QUEUE_NOTIFY 0x050
#define VIRTIO_INTERRUPT_ACK 0x064
#define VIRTIO_STATUS 0x070
#define VIRTIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_QUEUE_AVAIL_LOW 0x090
#define VIRTIO_QUEUE_AVAIL_HIGH 0x094
#define VIRTIO_QUEUE_USED_LOW 0x0a0
#define VIRTIO_QUEUE_USED_HIGH 0x0a4
#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define VIRTIO_F_VERSION_1 32 /* feature bit */
#define DEVICE_ID_RNG 4
#define QUEUE_SIZE 4
#define VIRTQ_DESC_F_WRITE 2

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[QUEUE_SIZE];
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct {
		u32 id;
		u32 len;
	} ring[QUEUE_SIZE];
};

static inline u32 rd(volatile u8 *b, unsigned off)
{
	return *(volatile u32 *)(b + off);
}

static inline void wr(volatile u8 *b, unsigned off, u32 v)
{
	*(volatile u32 *)(b + off) = v;
}

/* The one entropy request in flight from rng_post to virtio_mmio_finish
 * (boot CPU only, before the other CPUs start). page NULL: none. */
static struct {
	volatile u8 *regs;
	bool legacy;
	u8 *page; /* the queue's two pages */
	struct virtq_used *used;
	u8 *buf;
} rng;

/* Asks a virtio-rng device for 32 bytes: virtio_mmio_finish collects them. */
static void rng_post(volatile u8 *regs, u32 version)
{
	bool legacy = version == 1;
	wr(regs, VIRTIO_STATUS, 0);
	wr(regs, VIRTIO_STATUS, STATUS_ACK | STATUS_DRIVER);
	u32 status = STATUS_ACK | STATUS_DRIVER;
	if (!legacy) {
		wr(regs, VIRTIO_DEVICE_FEATURES_SEL, 1);
		u32 hi = rd(regs, VIRTIO_DEVICE_FEATURES);
		wr(regs, VIRTIO_DRIVER_FEATURES_SEL, 1);
		wr(regs, VIRTIO_DRIVER_FEATURES, hi & (1u << (VIRTIO_F_VERSION_1 - 32)));
		wr(regs, VIRTIO_DRIVER_FEATURES_SEL, 0);
		wr(regs, VIRTIO_DRIVER_FEATURES, 0);
		status |= STATUS_FEATURES_OK;
		wr(regs, VIRTIO_STATUS, status);
		if (!(rd(regs, VIRTIO_STATUS) & STATUS_FEATURES_OK))
			return;
	} else {
		wr(regs, VIRTIO_DRIVER_FEATURES, 0);
		wr(regs, VIRTIO_LEGACY_GUEST_PAGE_SIZE, PAGE_SIZE);
	}
	wr(regs, VIRTIO_QUEUE_SEL, 0);
	if (rd(regs, VIRTIO_QUEUE_NUM_MAX) < QUEUE_SIZE)
		return;
	/* two pages: descriptors + avail ring in the first, used ring at the
	 * second (legacy layout), the buffer at the end of the first */
	u8 *page = page_alloc_order(1, PAGE_ZERO);
	if (!page)
		return;
	struct virtq_desc *desc = (struct virtq_desc *)page;
	struct virtq_avail *avail = (struct virtq_avail *)(page + QUEUE_SIZE * sizeof(struct virtq_desc));
	struct virtq_used *used = (struct virtq_used *)(page + PAGE_SIZE);
	u8 *buf = page + 2048;
	u64 pa = pa_addr(virt_to_phys(page)); /* the device's view of the ring: bus addresses */
	wr(regs, VIRTIO_QUEUE_NUM, QUEUE_SIZE);
	if (legacy) {
		wr(regs, VIRTIO_LEGACY_QUEUE_ALIGN, PAGE_SIZE);
		wr(regs, VIRTIO_LEGACY_QUEUE_PFN, (u32)(pa >> PAGE_SHIFT));
	} else {
		u64 avail_pa = pa_addr(virt_to_phys(avail)), used_pa = pa_addr(virt_to_phys(used));
		wr(regs, VIRTIO_QUEUE_DESC_LOW, (u32)pa);
		wr(regs, VIRTIO_QUEUE_DESC_HIGH, (u32)(pa >> 32));
		wr(regs, VIRTIO_QUEUE_AVAIL_LOW, (u32)avail_pa);
		wr(regs, VIRTIO_QUEUE_AVAIL_HIGH, (u32)(avail_pa >> 32));
		wr(regs, VIRTIO_QUEUE_USED_LOW, (u32)used_pa);
		wr(regs, VIRTIO_QUEUE_USED_HIGH, (u32)(used_pa >> 32));
		wr(regs, VIRTIO_QUEUE_READY, 1);
	}
	wr(regs, VIRTIO_STATUS, status | STATUS_DRIVER_OK);

	desc[0].addr = pa_addr(virt_to_phys(buf));
	desc[0].len = 32;
	desc[0].flags = VIRTQ_DESC_F_WRITE;
	avail->ring[0] = 0;
	arch_smp_wmb(); /* the ring entry before the index (virtio_wmb) */
	avail->idx = 1;
	arch_smp_mb(); /* the index before the notification (virtio_mb) */
	wr(regs, VIRTIO_QUEUE_NOTIFY, 0);
	rng.regs = regs;
	rng.legacy = legacy;
	rng.page = page;
	rng.used = used;
	rng.buf = buf;
}

void virtio_mmio_finish(void)
{
	if (!rng.page)
		return;
	volatile u16 *used_idx = &rng.used->idx;
	for (int spin = 0; spin < 10000000 && *used_idx == 0; spin++)
		;
	if (*used_idx != 0) {
		u32 got = MIN(rng.used->ring[0].len, 32u);
		random_add_entropy(rng.buf, got, got * 8);
		printk(KERN_INFO "virtio-rng: %u bytes of entropy", got);
	}
	wr(rng.regs, VIRTIO_STATUS, 0); /* reset: the device forgets the queue */
	if (rng.legacy)
		wr(rng.regs, VIRTIO_LEGACY_QUEUE_PFN, 0);
	memset(rng.page, 0, 2 * PAGE_SIZE); /* the entropy does not stay behind in a free page */
	page_free_order(rng.page, 1);
	rng.page = NULL;
}

/*
 * The transports are found in one walk of the device tree with their
 * parents (fdt_all_compatible): looking each one's parent up for its reg
 * walked the tree from the root twice per transport, 1.6 M instructions of
 * a 9.3 M-instruction boot to the shell prompt (bench/README.md).
 */
#define MAX_TRANSPORTS 64

void virtio_mmio_probe(const void *fdt)
{
	int nodes[MAX_TRANSPORTS], parents[MAX_TRANSPORTS];
	int n = fdt_all_compatible(fdt, "virtio,mmio", nodes, parents, MAX_TRANSPORTS);
	if (n > MAX_TRANSPORTS) {
		printk(KERN_WARNING "virtio-mmio: %d transports, only the first %d probed", n, MAX_TRANSPORTS);
		n = MAX_TRANSPORTS;
	}
	for (int i = 0; i < n; i++) {
		u64 base, size;
		if (fdt_reg_in(fdt, parents[i], nodes[i], 0, &base, &size))
			continue;
		volatile u8 *regs = ioremap(pa_init(base), size); /* reg: a physical address */
		u32 version = rd(regs, VIRTIO_VERSION);
		if (rd(regs, VIRTIO_MAGIC) != 0x74726976 || (version != 1 && version != 2))
			continue;
		if (rd(regs, VIRTIO_DEVICE_ID) == DEVICE_ID_RNG && !rng.page)
			rng_post(regs, version); /* the first virtio-rng device */
	}
}
