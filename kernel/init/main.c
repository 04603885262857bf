/*
 * init/main.c — kernel_main: bring the machine up in dependency order, exec
 * the first user process, PID 1 (init/pid1.c), and become the idle task.
 * The composition root: the one file that calls every layer's init, so it
 * sits above them all (docs/architecture.md, "Layers").
 *
 * Until mmu_init() returns, the device tree and the UART are reached through
 * head.S's identity map (physical address == virtual address); afterwards
 * through the linear map and ioremap().
 */
#include <arch.h>
#include <cmdline.h>
#include <console.h>
#include <coredump.h>
#include <drivers.h>
#include <exec.h>
#include <fdt.h>
#include <fs.h>
#include <fsnotify.h>
#include <irq.h>
#include <key.h>
#include <loadavg.h>
#include <lockdep.h>
#include <mqueue.h>
#include <nsfs.h>
#include <page.h>
#include <printk.h>
#include <random.h>
#include <selftest.h>
#include <smp.h>
#include <strace.h>
#include <spawn.h>
#include <task.h>
#include <time.h>
#include <tty.h>
#include <vdso.h>
#include <workqueue.h>

#define MAX_RAM_REGIONS 8

extern char _end[];
void arch_psci_init(const void *fdt);

struct boot_info {
	paddr_t dtb;
	size_t dtb_size;
	paddr_t initrd_start, initrd_end;
	struct mem_region ram[MAX_RAM_REGIONS];
	int nr_ram;
	paddr_t uart;
	size_t uart_size;
};

static void parse_boot_fdt(const void *fdt, struct boot_info *bi)
{
	for (bi->nr_ram = 0; bi->nr_ram < MAX_RAM_REGIONS; bi->nr_ram++) {
		u64 base;
		if (fdt_memory_region(fdt, bi->nr_ram, &base, &bi->ram[bi->nr_ram].size))
			break;
		bi->ram[bi->nr_ram].base = pa_init(base); /* the device tree's number is a physical address */
	}
	int chosen = fdt_find_node(fdt, "/chosen");
	u64 start = 0, end = 0;
	if (chosen >= 0) {
		int len;
		const void *p = fdt_get_prop(fdt, chosen, "linux,initrd-start", &len);
		if (p && fdt_read_cells(fdt, chosen, "linux,initrd-start", 0, len / 4, &start) == 0 &&
		    fdt_read_cells(fdt, chosen, "linux,initrd-end", 0, len / 4, &end) == 0) {
			bi->initrd_start = pa_init(start);
			bi->initrd_end = pa_init(end);
		}
	}
	int uart = fdt_next_compatible(fdt, -1, "arm,pl011");
	u64 base = 0, size = 0;
	if (uart >= 0 && fdt_reg(fdt, uart, 0, &base, &size) == 0) {
		bi->uart = pa_init(base);
		bi->uart_size = size;
	}
}

static void enable_uart_rx(const void *fdt)
{
	int node = fdt_next_compatible(fdt, -1, "arm,pl011");
	u64 type, num;
	if (node >= 0 && fdt_read_cells(fdt, node, "interrupts", 0, 1, &type) == 0 &&
	    fdt_read_cells(fdt, node, "interrupts", 1, 1, &num) == 0)
		pl011_enable_rx_irq(irq_from_fdt((u32)type, (u32)num), serial_receive, serial_break);
}

/*
 * Once the initramfs is unpacked (initramfs.c copies every byte out of the
 * archive), its pages go to the allocator, as Linux's free_initrd_mem.
 * Only whole pages that no other reserved range (the image, the device
 * tree, which stays in use) touches are freed.
 */
static void free_initrd(const struct boot_info *bi, const struct mem_region *keep, int nr_keep)
{
	u64 lo = ALIGN_UP(pa_addr(bi->initrd_start), PAGE_SIZE), hi = ALIGN_DOWN(pa_addr(bi->initrd_end), PAGE_SIZE);
	for (int i = 0; i < nr_keep; i++) {
		u64 k_lo = ALIGN_DOWN(pa_addr(keep[i].base), PAGE_SIZE);
		u64 k_hi = ALIGN_UP(pa_addr(keep[i].base) + keep[i].size, PAGE_SIZE);
		if (k_lo < hi && lo < k_hi) {
			printk(KERN_INFO "initrd shares pages with a reserved range: not freed");
			return;
		}
	}
	if (hi <= lo)
		return;
	page_free_boot_range(pa_init(lo), pa_init(hi));
	printk(KERN_INFO "Freeing initrd memory: %luK", (unsigned long)((hi - lo) >> 10));
}

void __noreturn kernel_main(paddr_t dtb_pa, paddr_t image_pa);

void kernel_main(paddr_t dtb_pa, paddr_t image_pa)
{
	struct boot_info bi = {.dtb = dtb_pa};
	const void *fdt = (const void *)pa_addr(dtb_pa); /* identity-mapped for now */
	if (fdt_check(fdt, 1 << 20))
		arch_halt(); /* no device tree: nowhere to even print */
	bi.dtb_size = fdt_total_size(fdt);
	parse_boot_fdt(fdt, &bi);
	if (!pa_is_none(bi.uart))
		pl011_init_early((void *)pa_addr(bi.uart)); /* identity-mapped for now */
	int early_chosen = fdt_find_node(fdt, "/chosen"), early_len;
	/* quiet, loglevel=: early params, before the first message (init/main.c) */
	const char *early_args = early_chosen >= 0 ? fdt_get_prop(fdt, early_chosen, "bootargs", &early_len) : NULL;
	printk_parse_cmdline(early_args);
	task_kstack_check = early_args && strstr_simple(early_args, "levitate.kstack_check");
	printk(KERN_INFO "LevitateOS booting: image at %lx, device tree at %lx", (unsigned long)pa_addr(image_pa),
	       (unsigned long)pa_addr(dtb_pa));
	if (bi.nr_ram == 0)
		panic("no memory in the device tree");

	mmu_init(image_pa, bi.ram, bi.nr_ram);
	paddr_t bump_start, bump_end;
	mmu_bump_range(&bump_start, &bump_end);
	struct mem_region reserved[] = {
		{image_pa, pa_addr(bump_end) - pa_addr(image_pa)},
		{pa_init(ALIGN_DOWN(pa_addr(dtb_pa), PAGE_SIZE)),
		 ALIGN_UP(bi.dtb_size + (pa_addr(dtb_pa) & (PAGE_SIZE - 1)), PAGE_SIZE)},
		{pa_init(ALIGN_DOWN(pa_addr(bi.initrd_start), PAGE_SIZE)),
		 ALIGN_UP(pa_addr(bi.initrd_end), PAGE_SIZE) - ALIGN_DOWN(pa_addr(bi.initrd_start), PAGE_SIZE)},
	};
	page_alloc_init(bi.ram, bi.nr_ram, reserved, ARRAY_SIZE(reserved));
	if (!pa_is_none(bi.uart)) {
		pl011_init_early(ioremap(bi.uart, bi.uart_size));
		serial_tty_init(); /* /dev/ttyAMA0 and /dev/console */
	}
	mmu_drop_identity();
	fdt = phys_to_virt(dtb_pa);
	arch_cpu_init();

	sched_init();
	gic_init(fdt);
	arch_counter_init();
	arm_timer_init(fdt);
	time_init();
	workqueue_init();
	loadavg_init();
	enable_uart_rx(fdt);
	arch_psci_init(fdt);
	u64 rtc = pl031_read_seconds(fdt);
	if (rtc) {
		u64 now = time_since_boot_ns();
		time_set_realtime_offset(rtc * NSEC_PER_SEC - now, now);
	}
	vdso_init();
	virtio_mmio_probe(fdt); /* asks virtio-rng for entropy: collected after the initramfs */
	int chosen = fdt_find_node(fdt, "/chosen");
	int len;
	const char *bootargs = chosen >= 0 ? fdt_get_prop(fdt, chosen, "bootargs", &len) : NULL;
	cmdline_save(bootargs);			   /* /proc/cmdline */
	coredump_init();			   /* fs/coredump.c writes the core files of proc/'s dying processes */
	coredump_helper_start = spawn_core_helper; /* and starts a core_pattern's "|program" */
	files_init();				   /* fs.file-max from the memory left, as Linux's vfs_caches_init */
	anon_inodes_init();
	nsfs_init();
	fsnotify_init(); /* fs.inotify.max_user_watches and fs.fanotify.max_user_marks from the memory */
	mqueue_init();
	/* the kernel as shipped, without the lock-order checker (to measure
	 * what it costs: bench/README.md); before the other CPUs start */
	if (bootargs && strstr_simple(bootargs, "levitate.nolockdep"))
		lockdep_enabled = false;
	smp_start_secondaries(fdt, bootargs); /* they come up while the initramfs is unpacked */
	if (pa_addr(bi.initrd_end) > pa_addr(bi.initrd_start)) {
		initramfs_init(phys_to_virt(bi.initrd_start), pa_addr(bi.initrd_end) - pa_addr(bi.initrd_start));
		free_initrd(&bi, reserved, 2);
	} else
		printk(KERN_ERR "no initramfs: nothing to run");
	/* The random pool is seeded before its first user (key_init's serial
	 * numbers): by the entropy the host gave while the initramfs was
	 * unpacked, else by timing jitter (which stops once seeded). */
	virtio_mmio_finish();
	random_seed_from_jitter();
	key_init(); /* root's user keyrings, which Linux's boot makes too */

	smp_wait_secondaries();
	selftest_run(bootargs);
	strace_init(bootargs);
	lockdep_dump_at_reboot = bootargs && strstr_simple(bootargs, "levitate.lockdep_dump");
	if (bootargs && strstr_simple(bootargs, "norandmaps"))
		exec_randomize = false; /* as Linux's norandmaps */

	init_start(bootargs);
	arch_irq_enable();
	sched_idle_loop();
}
