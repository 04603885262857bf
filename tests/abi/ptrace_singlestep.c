/* PTRACE_SINGLESTEP: from a breakpoint (brk #0, the pc moved past it),
 * each step runs one instruction and stops with SIGTRAP (TRAP_TRACE, the
 * new pc in si_addr); the registers show the instructions' work; PTRACE_CONT
 * runs freely again. */
#include "ptrace_test.h"

int main(void)
{
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		long x = 0;
		__asm__ volatile("mov x9, #0\n\t"
				 "brk #0\n\t"
				 "add x9, x9, #1\n\t"
				 "add x9, x9, #2\n\t"
				 "add x9, x9, #4\n\t"
				 "mov %0, x9\n\t"
				 : "=r"(x)
				 :
				 : "x9");
		say("child: x %ld\n", x);
		_exit(0);
	}
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid);
	struct pt_regs64 r;
	get_regs(pid, &r);
	unsigned long brk_pc = r.pc;
	r.pc += 4;
	set_regs(pid, &r);
	for (int i = 0; i < 3; i++) {
		say("step: %s\n", pt_err(pt(PTRACE_SINGLESTEP, pid, 0, 0)));
		wait_for("child", pid);
		siginfo_t si;
		memset(&si, 0, sizeof(si));
		pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
		get_regs(pid, &r);
		say("signo %d code %d, pc brk+%lu, si_addr is the pc %d, x9 %lu\n", si.si_signo, si.si_code,
		    r.pc - brk_pc, (unsigned long)si.si_addr == r.pc, r.x[9]);
	}
	say("bad signal: %s\n", pt_err(pt(PTRACE_SINGLESTEP, pid, 0, 100)));
	long cont = pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid);
	say("cont: %s\n", pt_err(cont));
	say("done\n");
	return 0;
}
