/* A traced child's faults stop it before they act: a `brk #0` (what a
 * debugger writes as a breakpoint) stops it with SIGTRAP (TRAP_BRKPT, the
 * pc in si_addr), the tracer moves the pc past it and cancels the signal,
 * and the child goes on; a NULL store stops it with SIGSEGV (SEGV_MAPERR),
 * delivered as the tracer says: it dies of it. */
#include "ptrace_test.h"

int main(void)
{
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		__asm__ volatile("brk #0");
		say("child: past the breakpoint\n");
		*(volatile int *)0 = 1;
		say("child: not reached\n");
		_exit(0);
	}
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	struct pt_regs64 r;
	get_regs(pid, &r);
	say("breakpoint siginfo: signo %d code %d addr is the pc %d\n", si.si_signo, si.si_code,
	    (unsigned long)si.si_addr == r.pc);
	unsigned long insn = 0;
	pt(PTRACE_PEEKTEXT, pid, r.pc, (unsigned long)&insn);
	say("the instruction at pc: %#x\n", (unsigned)insn);
	r.pc += 4;
	say("pc past it: %s\n", pt_err(set_regs(pid, &r)));
	long cont = pt(PTRACE_CONT, pid, 0, 0);
	int st = wait_for("child", pid);
	say("cont: %s\n", pt_err(cont));
	memset(&si, 0, sizeof(si));
	pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
	say("fault siginfo: signo %d code %d addr %p\n", si.si_signo, si.si_code, si.si_addr);
	if (WIFSTOPPED(st))
		pt(PTRACE_CONT, pid, 0, WSTOPSIG(st));
	wait_for("child", pid);
	say("done\n");
	return 0;
}
