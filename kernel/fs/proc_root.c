/*
 * proc_root.c — the system-wide files at the top of /proc (Linux
 * fs/proc/meminfo.c, uptime.c, version.c, stat.c, loadavg.c,
 * fs/filesystems.c, drivers/tty/sysrq.c's write_sysrq_trigger,
 * arch/arm64/kernel/cpuinfo.c): each made whole into the snapshot of an
 * open from the counters its subsystem keeps (page allocator, scheduler,
 * CPU time, load average), read without a lock of this file's own. The
 * tree that lists them (root_entries) is procfs.c's.
 */
#include <vfs.h>

#include <cgroup.h>
#include <cmdline.h>
#include <coredump.h>
#include <cred.h>
#include <format.h>
#include <fs.h>
#include <fs_context.h>
#include <fsnotify.h>
#include <irq.h>
#include <key.h>
#include <kmalloc.h>
#include <loadavg.h>
#include <mm.h>
#include <mqueue.h>
#include <net.h>
#include <nsfs.h>
#include <page.h>
#include <process.h>
#include <ptrace.h>
#include <random.h>
#include <smp.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>
#include <uapi/prctl.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <uapi/stat.h>
#include <userfaultfd.h>
#include <uts.h>

#include "proc_internal.h"

/*
 * fs/proc/meminfo.c meminfo_proc_show, in its order, with the fields this
 * kernel can state: the page allocator's totals, tmpfs frames (Linux counts
 * shmem in Cached as well as Shmem; every file here lives in tmpfs), the
 * kmalloc slabs (none reclaimable), and the zeros of what does not exist
 * here: block-device buffers, swap, dirty or writeback pages. Fields for
 * lists this kernel does not keep (Active, Inactive, AnonPages, Mapped, ...)
 * are left out rather than guessed. Tools such as BusyBox free need Cached,
 * MemAvailable and SReclaimable.
 */
static void meminfo_line(struct snapshot *s, const char *name, u64 pages)
{
	snap_printf(s, "%-16s%8lu kB\n", name, (unsigned long)(pages * (PAGE_SIZE / 1024)));
}

void proc_fill_meminfo(struct proc_target *pt, struct snapshot *s)
{
	u64 free = page_free_count(), shmem = tmpfs_resident_pages(), slab = kmalloc_cached_pages();
	meminfo_line(s, "MemTotal:", page_total_count());
	meminfo_line(s, "MemFree:", free);
	meminfo_line(s, "MemAvailable:", free); /* nothing held could be reclaimed */
	meminfo_line(s, "Buffers:", 0);
	meminfo_line(s, "Cached:", shmem);
	meminfo_line(s, "SwapCached:", 0);
	meminfo_line(s, "SwapTotal:", 0);
	meminfo_line(s, "SwapFree:", 0);
	meminfo_line(s, "Dirty:", 0);
	meminfo_line(s, "Writeback:", 0);
	meminfo_line(s, "Shmem:", shmem);
	meminfo_line(s, "KReclaimable:", 0);
	meminfo_line(s, "Slab:", slab);
	meminfo_line(s, "SReclaimable:", 0);
	meminfo_line(s, "SUnreclaim:", slab);
	meminfo_line(s, "KernelStack:", arch_kstack_live_pages()); /* the tasks' stacks, not the cached ones */
	meminfo_line(s, "PageTables:", upt_table_pages());	   /* user page tables, roots included */
	meminfo_line(s, "CommitLimit:", vm_commit_limit());
	meminfo_line(s, "Committed_AS:", vm_committed_pages());
}

/*
 * mm/vmstat.c vmstat_show, the counters this kernel can state, in Linux's
 * order and under its names (pages; nr_kernel_stack in kB as Linux's): the
 * free pages, tmpfs frames (nr_file_pages and nr_shmem, as Cached and Shmem
 * above), the kmalloc slabs (none reclaimable), the user page tables, the
 * tasks' kernel stacks, and the zeros of what does not happen here: dirty
 * and writeback pages, block I/O (pgpgin, pgpgout: no block device) and
 * swapping (pswpin, pswpout: no swap). Counters this kernel does not keep
 * (the LRU lists, pgfault, ...) are left out: vmstat(8) reads the ones it
 * finds and takes 0 for the others.
 */
void proc_fill_vmstat(struct proc_target *pt, struct snapshot *s)
{
	u64 shmem = tmpfs_resident_pages();
	snap_printf(s, "nr_free_pages %lu\n", (unsigned long)page_free_count());
	snap_printf(s, "nr_slab_reclaimable 0\nnr_slab_unreclaimable %lu\n", (unsigned long)kmalloc_cached_pages());
	snap_printf(s, "nr_file_pages %lu\nnr_dirty 0\nnr_writeback 0\nnr_shmem %lu\n", (unsigned long)shmem,
		    (unsigned long)shmem);
	snap_printf(s, "nr_kernel_stack %lu\nnr_page_table_pages %lu\n",
		    (unsigned long)(arch_kstack_live_pages() * (PAGE_SIZE / 1024)), (unsigned long)upt_table_pages());
	snap_printf(s, "pgpgin 0\npgpgout 0\npswpin 0\npswpout 0\n");
}

void proc_fill_uptime(struct proc_target *pt, struct snapshot *s)
{
	u64 cs = time_since_boot_ns() / 10000000; /* centiseconds */
	snap_printf(s, "%lu.%02lu %lu.%02lu\n", (unsigned long)(cs / 100), (unsigned long)(cs % 100),
		    (unsigned long)(cs / 100), (unsigned long)(cs % 100));
}

void proc_fill_version(struct proc_target *pt, struct snapshot *s)
{
	/* init/version.c linux_proc_banner: sysname, release, builder, compiler, version */
	snap_printf(s, "%s version %s (%s@%s) (gcc version %s) %s\n", UTS_SYSNAME, UTS_RELEASE, UTS_NODENAME,
		    UTS_NODENAME, __VERSION__, UTS_VERSION);
}

/* Slot's interrupts on every online CPU. */
static u64 irq_slot_total(unsigned slot, u64 online)
{
	u64 sum = 0;
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if ((online >> cpu) & 1)
			sum += irq_slot_count(slot, cpu);
	return sum;
}

/* /proc/stat's "intr TOTAL N0 N1 ...": by interrupt number, 0 for the
 * unregistered (the slots are in number order). */
static void show_intr_line(struct snapshot *s, u64 online)
{
	unsigned n = irq_nr_registered();
	u64 total = irq_errors(), counts[IRQ_MAX_REGISTERED]; /* one reading: the fields add up to at most the total */
	unsigned numbers[IRQ_MAX_REGISTERED];
	const char *name;
	for (unsigned i = 0; i < n; i++) {
		numbers[i] = irq_slot_number(i, &name);
		counts[i] = irq_slot_total(i, online);
		total += counts[i];
	}
	snap_printf(s, "intr %lu", (unsigned long)total);
	for (unsigned irq = 0, i = 0; i < n; irq++) {
		bool here = numbers[i] == irq;
		snap_printf(s, " %lu", (unsigned long)(here ? counts[i] : 0));
		i += here;
	}
	snap_printf(s, "\n");
}

/*
 * /proc/interrupts (kernel/irq/proc.c show_interrupts, arm64's
 * arch_show_interrupts): a CPU0.. header of the online CPUs; a line per
 * registered device interrupt in number order — its count on each CPU,
 * the controller, its number there (the same: INTIDs are our numbers) and
 * its name (Linux also shows the trigger, which we do not keep); then the
 * IPIs as "IPIn:" lines with their names; then "Err:", interrupts raised
 * with no handler. Numbers 3 wide, as Linux's for fewer than 1,000.
 */
void proc_fill_interrupts(struct proc_target *pt, struct snapshot *s)
{
	u64 online = smp_online_mask();
	unsigned n = irq_nr_registered();
	snap_printf(s, "%11s", "");
	for (int cpu = 0; cpu < MAX_CPUS; cpu++)
		if ((online >> cpu) & 1)
			snap_printf(s, "CPU%-8d", cpu);
	snap_printf(s, "\n");
	for (int ipis = 0; ipis < 2; ipis++) { /* the device interrupts, then the IPIs; each in number order */
		for (unsigned i = 0; i < n; i++) {
			const char *name;
			unsigned irq = irq_slot_number(i, &name);
			if ((irq < NR_IPIS) != (ipis == 1))
				continue;
			if (ipis)
				snap_printf(s, "IPI%u:", irq);
			else
				snap_printf(s, "%3u: ", irq);
			for (int cpu = 0; cpu < MAX_CPUS; cpu++)
				if ((online >> cpu) & 1)
					snap_printf(s, "%10lu ", (unsigned long)irq_slot_count(i, cpu));
			if (ipis)
				snap_printf(s, "      %s\n", name);
			else
				snap_printf(s, " %8s %3u  %s\n", irq_chip_name(), irq, name);
		}
	}
	snap_printf(s, "%3s: %10lu\n", "Err", (unsigned long)irq_errors());
}

/*
 * fs/proc/stat.c show_stat, for the one CPU: the cpu lines in USER_HZ ticks
 * (user and system time of the live tasks and of those freed since boot;
 * idle is the rest since boot),
 * ctxt (context switches), btime (boot in seconds since the epoch),
 * processes (tasks created since boot: Linux's total_forks counts every
 * clone), and the running and blocked task counts; intr: every interrupt
 * handled, then each number's from 0 to the highest registered (kstat_irqs).
 */
void proc_fill_system_stat(struct proc_target *pt, struct snapshot *s)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	u64 user_ns = all_tasks_exited_utime_ns, system_ns = all_tasks_exited_stime_ns;
	struct task *t;
	list_for_each_entry(t, &all_tasks, all_node) {
		user_ns += t->utime_ns;
		system_ns += t->stime_ns;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	int running, blocked;
	task_count_states(&running, &blocked);
	u64 switches, started;
	sched_counts(&switches, &started);
	u64 tick = 10000000, since_boot = time_since_boot_ns();
	/* the "cpu" line: the tasks' times (as before), idle the rest of all CPUs' time;
	 * "cpuN": where CPU N's own ticks found it (struct cpu.ticks) */
	u64 online = smp_online_mask();
	u64 busy = user_ns + system_ns, all = since_boot * (u64)smp_online_count();
	u64 idle = all > busy ? all - busy : 0;
	snap_printf(s, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", (unsigned long)(user_ns / tick),
		    (unsigned long)(system_ns / tick), (unsigned long)(idle / tick));
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!((online >> cpu) & 1))
			continue;
		u64 *ticks = cpus[cpu].ticks;
		snap_printf(s, "cpu%d %lu 0 %lu %lu 0 0 0 0 0 0\n", cpu,
			    (unsigned long)__atomic_load_n(&ticks[CPU_TICK_USER], __ATOMIC_RELAXED),
			    (unsigned long)__atomic_load_n(&ticks[CPU_TICK_SYSTEM], __ATOMIC_RELAXED),
			    (unsigned long)__atomic_load_n(&ticks[CPU_TICK_IDLE], __ATOMIC_RELAXED));
	}
	show_intr_line(s, online);
	snap_printf(s, "ctxt %lu\nbtime %lu\nprocesses %lu\nprocs_running %d\nprocs_blocked %d\n",
		    (unsigned long)switches, (unsigned long)((time_realtime_ns() - since_boot) / 1000000000),
		    (unsigned long)started, running, blocked);
}

/* fs/proc/cmdline.c: the kernel command line and a newline. */
void proc_fill_cmdline(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%s\n", cmdline_saved());
}

/* mm/swapfile.c swap_show: LevitateOS has no swap (swapon is not built),
 * so the header alone, as Linux shows with no swap area active. */
void proc_fill_swaps(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}

/* fs/devices.c chrdev_show and block/genhd.c blkdev_show: each driver's
 * major and name; no block devices here. */
void proc_fill_devices(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "Character devices:\n");
	u32 major;
	const char *name;
	for (size_t i = 0; devfs_chrdev_driver(i, &major, &name); i++)
		snap_printf(s, "%3u %s\n", major, name);
	snap_printf(s, "\nBlock devices:\n");
}

/* block/genhd.c show_partition: the header comes with the first disk, and
 * there are none, so the file is empty. */
void proc_fill_partitions(struct proc_target *pt, struct snapshot *s)
{
}

/* fs/proc/loadavg.c: the three averages with two decimals, running/all tasks, the last pid. */
void proc_fill_loadavg(struct proc_target *pt, struct snapshot *s)
{
	u64 loads[3];
	loadavg_get(loads, LOADAVG_FSHIFT);
	for (int i = 0; i < 3; i++) {
		/* Linux's get_avenrun(.., FIXED_1 / 200, ..) rounding, then LOAD_INT and LOAD_FRAC */
		u64 load = loads[i] + (1UL << LOADAVG_FSHIFT) / 200;
		unsigned long whole = (unsigned long)(load >> LOADAVG_FSHIFT);
		unsigned long frac = (unsigned long)(load & ((1UL << LOADAVG_FSHIFT) - 1));
		snap_printf(s, "%lu.%02lu ", whole, (frac * 100) >> LOADAVG_FSHIFT);
	}
	int running, blocked;
	task_count_states(&running, &blocked);
	snap_printf(s, "%d/%d %d\n", running, task_count(), pid_last());
}

/* fs/filesystems.c: the types mount(2) knows, "nodev" for those without a device. */
void proc_fill_filesystems(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tcgroup2\nnodev\tdevtmpfs\nnodev\tdevpts\nnodev"
		       "\tmqueue\n");
}

/* /proc/sysrq-trigger (Linux write_sysrq_trigger): the first byte written is
 * a magic SysRq key (proc/sysrq.c); root only (mode 0200). */
int proc_store_sysrq_trigger(const char *text, size_t len)
{
	(void)len; /* never 0: snap_write calls a store with some text */
	sysrq_handle(text[0]);
	return 0;
}

/* arch/arm64/kernel/cpuinfo.c hwcap_str: the names of the HWCAP bits, then HWCAP2's (Linux 6.1). */
static const char *const hwcap_names[64] = {
	"fp",	 "asimd",    "evtstrm", "aes",	 "pmull",  "sha1",  "sha2", "crc32", "atomics", "fphp",	   "asimdhp",
	"cpuid", "asimdrdm", "jscvt",	"fcma",	 "lrcpc",  "dcpop", "sha3", "sm3",   "sm4",	"asimddp", "sha512",
	"sve",	 "asimdfhm", "dit",	"uscat", "ilrcpc", "flagm", "ssbs", "sb",    "paca",	"pacg",
};
static const char *const hwcap2_names[64] = {
	"dcpodp",    "sve2",	  "sveaes",  "svepmull",  "svebitperm", "svesha3",  "svesm4",
	"flagm2",    "frint",	  "svei8mm", "svef32mm",  "svef64mm",	"svebf16",  "i8mm",
	"bf16",	     "dgh",	  "rng",     "bti",	  "mte",	"ecv",	    "afp",
	"rpres",     "mte3",	  "sme",     "smei16i64", "smef64f64",	"smei8i32", "smef16f32",
	"smeb16f32", "smef32f32", "smefa64", "wfxt",	  "ebf16",	"sveebf16",
};

size_t proc_cpuinfo_size(struct proc_target *pt)
{
	return 1024 * MAX_CPUS; /* a block is under 1 KiB */
}

/* arch/arm64/kernel/cpuinfo.c c_show: one block per online CPU, with that
 * CPU's own MIDR (read by each CPU as it comes up, smp.c); the features are
 * the system-wide ones every CPU has (AT_HWCAP), as Linux's. */
void proc_fill_cpuinfo(struct proc_target *pt, struct snapshot *s)
{
	u64 caps[2] = {arch_hwcap(), arch_hwcap2()};
	const char *const *names[2] = {hwcap_names, hwcap2_names};
	u64 bogo_x100 = arch_counter_freq() / 5000; /* loops_per_jiffy * HZ / 500000, two decimals */
	u64 online = smp_online_mask();
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!((online >> cpu) & 1))
			continue;
		u64 midr = cpus[cpu].midr;
		snap_printf(s, "processor\t: %d\nBogoMIPS\t: %lu.%02lu\nFeatures\t:", cpu,
			    (unsigned long)(bogo_x100 / 100), (unsigned long)(bogo_x100 % 100));
		for (int w = 0; w < 2; w++)
			for (int bit = 0; bit < 64; bit++)
				if ((caps[w] >> bit) & 1 && names[w][bit])
					snap_printf(s, " %s", names[w][bit]);
		snap_printf(
			s,
			"\nCPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\nCPU part\t: 0x%03x\n",
			(unsigned)(midr >> 24) & 0xff, (unsigned)(midr >> 20) & 0xf, (unsigned)(midr >> 4) & 0xfff);
		snap_printf(s, "CPU revision\t: %u\n\n", (unsigned)midr & 0xf);
	}
}
