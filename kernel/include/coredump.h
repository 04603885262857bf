/*
 * coredump.h — core dumps: a signal whose default action is "core"
 * (signal(7): SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV,
 * SIGXCPU, SIGXFSZ, SIGSYS) writes an ELF core file of the process before it
 * dies (Linux fs/coredump.c do_coredump, fs/binfmt_elf.c elf_core_dump).
 *
 * Two halves, as the layers require:
 *   proc/coredump.c  the dying process's side (Linux coredump_wait and
 *                    coredump_finish): the thread that took the signal kills
 *                    the other threads, each of which leaves a snapshot of
 *                    its registers (struct core_thread) on its way out, waits
 *                    for all of them, has the file written, and sets the
 *                    wait status's core bit (0x80) when a core was written.
 *   fs/coredump.c    the file: its name from kernel.core_pattern, the limits
 *                    (RLIMIT_CORE, the dumpable flag), and the ELF image.
 * fs/ is a layer above proc/, so it registers its writer at boot
 * (coredump_writer), as the tracer registers tracehook.
 */
#pragma once

#include <signal.h>
#include <types.h>
#include <wait.h>

struct task;

#define CORE_NR_REGSETS 4    /* NT_PRSTATUS, NT_PRFPREG, NT_ARM_TLS, NT_ARM_SYSTEM_CALL */
#define CORE_REGSET_WORDS 66 /* the largest set: user_fpsimd_state, 528 bytes */

/* One register set of a thread, as ptrace's PTRACE_GETREGSET gives it. */
struct core_regset {
	unsigned nt; /* NT_* note type */
	size_t size; /* bytes of data */
	u64 data[CORE_REGSET_WORDS];
};

/* What the core file says of one thread (its NT_PRSTATUS and register notes). */
struct core_thread {
	struct core_thread *next;
	int tid;
	u64 sigpend, sighold; /* pending and blocked signals */
	u64 utime_ns, stime_ns;
	int nr_sets; /* sets[0] is NT_PRSTATUS */
	struct core_regset sets[CORE_NR_REGSETS];
};

/*
 * A dump in progress, on the dumper's stack; thread_group.core_state points
 * at it while the other threads leave. threads is [group->lock]; waiting is
 * changed under group->lock and read atomically by the dumper.
 */
struct core_state {
	struct task *dumper;
	int sig;
	struct signal_cause cause;
	struct core_thread *threads; /* the dumper's first, then each thread that left */
	int waiting;		     /* threads still to leave */
	struct wait_queue left;	     /* the dumper waits here for waiting == 0 */
};

/* fs/coredump.c: kernel.core_pattern (at most CORENAME_MAX_SIZE - 1
 * characters; a write keeps the text up to its first newline) and
 * kernel.core_uses_pid, for procfs; coredump_init registers the writer. */
#define CORENAME_MAX_SIZE 128
void coredump_pattern_get(char out[CORENAME_MAX_SIZE]);
int coredump_pattern_set(const char *text, size_t len);
int coredump_uses_pid_get(void);
void coredump_uses_pid_set(int value);
/* kernel.core_pipe_limit (proc_dointvec; 0 by default). */
int coredump_pipe_limit_get(void);
void coredump_pipe_limit_set(int value);
void coredump_init(void);

/* fs/coredump.c: writes the core file of the calling process (its other
 * threads gone); true when one was written. Set once at boot. */
extern bool (*coredump_writer)(const struct core_state *cs);
/* init/spawn.c: starts the helper of a "|program" core_pattern reading the
 * core from stdin_file (Linux call_usermodehelper); 0 or a negative errno.
 * Set once at boot (the top layer starts processes). */
struct file;
extern int (*coredump_helper_start)(const char *const *argv, int argc, struct file *stdin_file);

/* signal(7)'s "Core" default action. */
bool sig_kernel_coredump(int sig);
/* The default action of a core-dumping signal: dumps core when it can, then
 * ends the process (the wait status has 0x80 when a core was written). */
void __noreturn coredump_and_exit(int sig, const struct signal_cause *cause);
/* task_exit's part (proc/task.c): a snapshot of the calling thread's
 * registers when its process is dumping core and it is not the dumper
 * (NULL otherwise); then, under group->lock as it leaves the thread list,
 * coredump_thread_left hands it over (or frees it) and counts it gone. */
struct core_thread *coredump_snapshot_if_dumping(struct task *t);
void coredump_thread_left(struct task *t, struct core_thread *snap);
