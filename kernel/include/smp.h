/*
 * smp.h — the CPUs: one struct cpu each, the secondary CPUs' start-up, and
 * stopping them at a panic.
 *
 * Today a secondary CPU is started (PSCI CPU_ON, its own stack and idle task,
 * its GIC CPU interface and redistributor, its timer access) only when the
 * kernel command line asks for it with maxcpus=N (N > 1), and then it parks:
 * it runs no task until the scheduler's run queue, sleep/wake protocol and
 * IPIs are ready for several CPUs (issue #18). Linux starts every CPU by
 * default; here the default is maxcpus=1.
 *
 * cpus[] is written by the boot CPU before it starts a CPU, then read-only,
 * except `online`, which the started CPU sets (release) and the boot CPU
 * waits for (acquire).
 */
#pragma once

#include <types.h>

#define MAX_CPUS 8

struct task;

struct cpu {
	int id;		   /* index in cpus[]; the boot CPU is 0 */
	u64 hwid;	   /* its MPIDR_EL1 affinity (the device tree's cpu reg) */
	struct task *idle; /* its idle task, whose kernel stack it starts on */
	bool online;	   /* [atomic] set by the CPU itself once it is up */
};

extern struct cpu cpus[MAX_CPUS];

/* The CPU running the caller (the current task's). */
struct cpu *this_cpu(void);
/* How many CPUs are up (1 until smp_init starts others). */
int smp_online_count(void);

/* Starts the secondary CPUs the device tree lists, up to maxcpus= (boot CPU
 * only when absent), after the GIC, the timer and PSCI are set up. */
void smp_init(const void *fdt, const char *cmdline);
/* A secondary CPU's first portable code, on its idle task: never returns. */
void __noreturn smp_secondary_main(int cpu);
/* panic(): stops every other CPU (a stop IPI) so one CPU prints. */
void smp_stop_others(void);

/* The interrupt controller's cross-CPU call (registered by the GIC driver):
 * raise software interrupt ipi on every CPU but this one. */
#define IPI_STOP 1 /* SGI 1: park for good (panic) */
void smp_set_cross_call(void (*send_all_but_self)(unsigned ipi));
