/*
 * smp.c — arm64's half of starting secondary CPUs (core/smp.c has the
 * policy): the CPUs the device tree lists, PSCI CPU_ON (Arm DEN 0022,
 * through the psci node's conduit, cpu.c), and the first C code a secondary
 * runs.
 *
 * The boot CPU writes the new CPU's stack and idle task, and the kernel's
 * translation table bases, before CPU_ON; the secondary reads them only
 * after its MMU is on (head.S secondary_entry), so both see them through the
 * same cacheable mapping. QEMU does not model caches; real hardware would also
 * need the image's early code cleaned to the point of coherency.
 */
#include <arch.h>

#include <arch/sysreg.h>
#include <fdt.h>
#include <format.h>
#include <smp.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define PSCI_CPU_ON_64 0xc4000003u
#define MPIDR_AFFINITY_MASK 0xff00ffffffUL /* Aff3, Aff2, Aff1, Aff0 */

extern char secondary_entry[];
u64 secondary_boot_sp[MAX_CPUS];	      /* read by head.S */
u64 secondary_ttbr0, secondary_ttbr1;	      /* read by head.S */
static struct task *secondary_task[MAX_CPUS]; /* its idle task */

long arm64_psci_call(u32 fn, u64 a1, u64 a2, u64 a3); /* cpu.c */

u64 arch_cpu_hwid(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFFINITY_MASK;
}

/* The cpu nodes QEMU's virt board writes are children of /cpus with
 * device_type "cpu" and enable-method "psci" (other children, cpu-map, are
 * skipped); the boot CPU comes first whatever its number. */
int arch_cpu_enumerate(const void *fdt, u64 *hwids, int max)
{
	hwids[0] = arch_cpu_hwid();
	int n = 1;
	int cpus_node = fdt_find_node(fdt, "/cpus");
	if (cpus_node < 0)
		return n;
	/* the children of /cpus in one walk, in document order (Linux's for_each_of_cpu_node) */
	for (int node = fdt_next_child(fdt, cpus_node, -1); node >= 0 && n < max;
	     node = fdt_next_child(fdt, cpus_node, node)) {
		int cells = fdt_address_cells(fdt, node), len;
		u64 reg;
		const char *type = fdt_get_prop(fdt, node, "device_type", &len);
		if (!type || strcmp(type, "cpu") != 0)
			continue;
		if (cells < 1 || fdt_read_cells(fdt, node, "reg", 0, cells, &reg) || reg == hwids[0])
			continue;
		const char *method = fdt_get_prop(fdt, node, "enable-method", &len);
		if (!method || strcmp(method, "psci") != 0)
			continue;
		hwids[n++] = reg & MPIDR_AFFINITY_MASK;
	}
	return n;
}

int arch_cpu_start(int cpu, u64 hwid, struct task *idle)
{
	secondary_boot_sp[cpu] = (u64)idle->kstack + KSTACK_SIZE;
	secondary_task[cpu] = idle;
	secondary_ttbr1 = read_sysreg(ttbr1_el1);
	secondary_ttbr0 = read_sysreg(ttbr0_el1);
	asm volatile("dsb ish" ::: "memory");
	long r = arm64_psci_call(PSCI_CPU_ON_64, hwid, pa_addr(virt_to_phys(secondary_entry)), (u64)cpu);
	/* PSCI return codes: 0 SUCCESS, -2 INVALID_PARAMETERS, -4 ALREADY_ON ... */
	return r == 0 ? 0 : r == -2 ? -EINVAL : -EIO;
}

void arm64_secondary_main(int cpu);
void arm64_secondary_main(int cpu)
{
	arch_set_current(secondary_task[cpu]);
	arch_cpu_init();
	arch_counter_init();
	smp_secondary_main(cpu);
}
