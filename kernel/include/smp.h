/*
 * smp.h — the CPUs: one struct cpu each, the secondary CPUs' start-up, and
 * stopping them at a panic.
 *
 * A secondary CPU is started (PSCI CPU_ON, its own stack and idle task, its
 * GIC CPU interface and redistributor, its generic-timer tick) up to
 * maxcpus=N (Linux's parameter; by default every CPU, as Linux); it then enters the scheduler (core/sched.c) and runs
 * tasks like the boot CPU. Reschedule IPIs (SGI IPI_RESCHED) make an idle CPU
 * pick up a woken task at once.
 *
 * cpus[] is written by the boot CPU before it starts a CPU, then read-only,
 * except `online`, which the started CPU sets (release) and the boot CPU
 * waits for (acquire), and the fields marked [sched], which that CPU's run-queue lock
 * protects.
 */
#pragma once

#include <types.h>

#define MAX_CPUS 8
#define CPU_MASK_ALL ((1UL << MAX_CPUS) - 1)

struct task;

struct cpu {
	int id;		   /* index in cpus[]; the boot CPU is 0 */
	u64 hwid;	   /* its MPIDR_EL1 affinity (the device tree's cpu reg) */
	struct task *idle; /* its idle task, whose kernel stack it starts on */
	bool online;	   /* [atomic] set by the CPU itself once it is up */
	u64 midr;	   /* its MIDR_EL1 (/proc/cpuinfo), set by the CPU itself before `online` */
	struct task *curr; /* the task it runs (its idle task when idle) [sched] */
	struct task *prev; /* the task it switched away from, until the switch is done [sched] */
	u64 ticks[3];	   /* ticks it spent in user mode, the kernel, idle (/proc/stat) [own CPU] */
};

/* struct cpu.ticks indices */
#define CPU_TICK_USER 0
#define CPU_TICK_SYSTEM 1
#define CPU_TICK_IDLE 2

extern struct cpu cpus[MAX_CPUS];

/* The CPU running the caller (the current task's). */
struct cpu *this_cpu(void);
/* How many CPUs are up (1 until smp_wait_secondaries counts the others). */
int smp_online_count(void);

/* Starts the secondary CPUs the device tree lists, up to maxcpus= (all of
 * them when absent), after the GIC, the timer, PSCI and the last
 * irq_register; they come up while the boot CPU goes on. */
void smp_start_secondaries(const void *fdt, const char *cmdline);
/* Waits for them to be online (a second at most each), then lets them run tasks. */
void smp_wait_secondaries(void);
/* A secondary CPU's first portable code, on its idle task: never returns. */
void __noreturn smp_secondary_main(int cpu);
/* panic(): stops every other CPU (a stop IPI) so one CPU prints. */
void smp_stop_others(void);

/* The software interrupts between CPUs (sent through the interrupt
 * controller's operations, irq.h). */
#define IPI_RESCHED 0	/* SGI 0: look at need_resched and pending signals */
#define IPI_STOP 1	/* SGI 1: park for good (panic) */
#define IPI_BACKTRACE 2 /* SGI 2: print the running task's kernel call chain (task dump, core/show_task.c) */
/* IPI_RESCHED for CPU cpu (nothing for this one), sent when this CPU next
 * holds no spinlock (spinlock.c calls smp_send_owed): the CPU woken usually
 * takes at once a lock the sender holds (its run queue's, the futex
 * bucket's, the wait queue's), and a host that runs the woken virtual CPU
 * in place of the sender's would leave it spinning for a host time slice
 * (Linux's wake_q defers wake-ups past such locks for the same reason).
 * Interrupts off. */
void smp_owe_resched(int cpu);
void smp_send_owed(void);
/* Bit i set for each online CPU i. */
u64 smp_online_mask(void);
