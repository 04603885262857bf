/*
 * rseq_basic.c — restartable sequences (rseq(2), Linux 6.1 kernel/rseq.c):
 * registration errors (EINVAL for a bad length, alignment, flags, another
 * area; EPERM for another signature; EBUSY for the same one), the kernel
 * writing cpu_id on the way back to user mode, a critical section whose
 * own system call raises a signal is resumed at its abort address (and
 * rseq_cs cleared), a wrong signature before the abort address is SIGSEGV,
 * a forked child keeps the registration, and unregistering writes
 * cpu_id = -1. glibc registers its own area at start-up (2.35+); the test
 * unregisters it first (its signature is RSEQ_SIG, 0xd428bc00 on arm64).
 */
#include "lvtest.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>

#define MY_SIG 0x53053053u
#define GLIBC_RSEQ_SIG 0xd428bc00u

struct rseq_area {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
} __attribute__((aligned(32)));

struct rseq_cs_desc {
	uint32_t version, flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
} __attribute__((aligned(32)));

static __thread struct rseq_area area;
static struct rseq_cs_desc desc;

/*
 * run_cs(area, desc, pid, signo): stores desc in area->rseq_cs, then runs a
 * section holding kill(pid, signo); returns 1 if it reaches its end, 2 if
 * the kernel resumed it at the abort address.
 */
extern char cs_start[], cs_post[], cs_abort[], cs_badsig_abort[];
int run_cs(struct rseq_area *a, struct rseq_cs_desc *d, long pid, long signo);
__asm__(".text\n"
	".global run_cs\n"
	".type run_cs, %function\n"
	"run_cs:\n"
	"	str x1, [x0, #8]\n"
	".global cs_start\n"
	"cs_start:\n"
	"	mov x0, x2\n"
	"	mov x1, x3\n"
	"	mov x8, #129\n" /* kill */
	"	svc #0\n"
	"	mov x0, #1\n"
	".global cs_post\n"
	"cs_post:\n"
	"	ret\n"
	"	.word 0x53053053\n" /* MY_SIG, just before the abort address */
	".global cs_abort\n"
	"cs_abort:\n"
	"	mov x0, #2\n"
	"	ret\n"
	"	.word 0x12345678\n" /* not the signature */
	".global cs_badsig_abort\n"
	"cs_badsig_abort:\n"
	"	mov x0, #3\n"
	"	ret\n");

static long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig)
{
	return syscall(293, a, len, flags, sig);
}

static void report(const char *what, long r)
{
	say("%s: %ld %s\n", what, r, r < 0 ? errname(errno) : "");
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig)
{
	got_usr1++;
}

static void set_desc(char *abort_ip)
{
	desc.version = 0;
	desc.flags = 0;
	desc.start_ip = (uintptr_t)cs_start;
	desc.post_commit_offset = (uintptr_t)cs_post - (uintptr_t)cs_start;
	desc.abort_ip = (uintptr_t)abort_ip;
}

int main(void)
{
#ifdef __GLIBC__
	extern const ptrdiff_t __rseq_offset;
	extern const unsigned int __rseq_size;
	if (__rseq_size) {
		void *glibc_area = (char *)__builtin_thread_pointer() + __rseq_offset;
		if (sys_rseq(glibc_area, 32, 1, GLIBC_RSEQ_SIG) != 0)
			say("could not unregister glibc's area: %s\n", errname(errno));
	}
#endif
	report("unaligned", sys_rseq((char *)&area + 4, 32, 0, MY_SIG));
	report("length 16", sys_rseq(&area, 16, 0, MY_SIG));
	report("flags 2", sys_rseq(&area, 32, 2, MY_SIG));
	report("unregister unregistered", sys_rseq(&area, 32, 1, MY_SIG));
	report("kernel address", sys_rseq((void *)0xffff000000000000ul, 32, 0, MY_SIG));

	unsigned long cpu0 = 1; /* on CPU 0: cpu_id below is 0 however many CPUs there are */
	report("pin to CPU 0", syscall(SYS_sched_setaffinity, 0, sizeof(cpu0), &cpu0));
	area.cpu_id = 77;
	area.cpu_id_start = 77;
	report("register", sys_rseq(&area, 32, 0, MY_SIG));
	getppid(); /* another return to user mode */
	say("cpu_id %u cpu_id_start %u\n", area.cpu_id, area.cpu_id_start);
	report("again", sys_rseq(&area, 32, 0, MY_SIG));
	report("other signature", sys_rseq(&area, 32, 0, MY_SIG + 1));
	report("other area", sys_rseq((char *)&area + 32, 32, 0, MY_SIG));
	report("other length", sys_rseq(&area, 64, 0, MY_SIG));

	/* a section whose kill(getpid, 0) raises nothing runs to its end —
	 * unless the task was preempted in it, which aborts it too (Linux's
	 * rseq_ip_fixup on any notify-resume; seen on Linux at two CPUs in
	 * CI): up to ten tries, one that commits is the answer */
	set_desc(cs_abort);
	int r = 0;
	for (int try = 0; try < 10 && r != 1; try++) {
		r = run_cs(&area, &desc, getpid(), 0);
		area.rseq_cs = 0;
	}
	say("no signal: section %s\n", r == 1 ? "committed" : "aborted");
	area.rseq_cs = 0;

	/* a signal delivered on the way out of the section's own call aborts it */
	signal(SIGUSR1, on_usr1);
	r = run_cs(&area, &desc, getpid(), SIGUSR1);
	say("signal: section %s, handler ran %d, rseq_cs %s\n", r == 2 ? "aborted" : "committed", got_usr1,
	    area.rseq_cs ? "set" : "cleared");

	/* a wrong signature before the abort address: SIGSEGV */
	pid_t child = fork();
	if (child == 0) {
		set_desc(cs_badsig_abort);
		r = run_cs(&area, &desc, getpid(), SIGUSR1);
		say("child: survived with %d\n", r);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	say("bad signature: %s %d\n", WIFSIGNALED(status) ? "signal" : "exit",
	    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));

	/* a forked child inherits the registration */
	child = fork();
	if (child == 0) {
		long again = sys_rseq(&area, 32, 0, MY_SIG);
		_exit(again == -1 && errno == EBUSY ? 0 : 1);
	}
	waitpid(child, &status, 0);
	say("child registered: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);

	report("unregister, other signature", sys_rseq(&area, 32, 1, MY_SIG + 1));
	report("unregister", sys_rseq(&area, 32, 1, MY_SIG));
	say("after: cpu_id %d cpu_id_start %u\n", (int)area.cpu_id, area.cpu_id_start);
	say("done\n");
	return 0;
}
