/* PTRACE_SYSCALL with PTRACE_O_TRACESYSGOOD: a tracer counts its child's
 * system calls, stopping at each entry (x7 = 0) and exit (x7 = 1) with
 * SIGTRAP | 0x80, and reads the number (x8) and result (x0) from
 * NT_PRSTATUS; the siginfo of a syscall stop; exit_group ends it. */
#include "ptrace_test.h"

int main(void)
{
	pid_t parent = getpid();
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		syscall(SYS_getppid);
		syscall(SYS_getppid);
		write(1, "child writes\n", 13);
		syscall(SYS_exit_group, 5);
	}
	say("setoptions: %s\n", pt_err(pt(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD)));
	int entries = 0, exits = 0, getppids = 0;
	for (;;) {
		if (pt(PTRACE_SYSCALL, pid, 0, 0) < 0)
			break;
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
			describe("child", st);
			break;
		}
		if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			describe("unexpected", st);
			continue;
		}
		struct pt_regs64 r;
		if (get_regs(pid, &r) < 0)
			say("getregset failed\n");
		if (r.x[7] == 0) {
			entries++;
			if (entries == 1) {
				siginfo_t si;
				memset(&si, 0, sizeof(si));
				pt(PTRACE_GETSIGINFO, pid, 0, (unsigned long)&si);
				say("first entry siginfo: signo %d code %#x pid is child %d\n", si.si_signo, si.si_code,
				    si.si_pid == pid);
			}
			say("entry %lu\n", r.x[8]);
		} else {
			exits++;
			if (r.x[8] == SYS_getppid) {
				getppids++;
				say("exit %lu result is the parent %d\n", r.x[8], (long)r.x[0] == parent);
			} else {
				say("exit %lu result %ld\n", r.x[8], (long)r.x[0]);
			}
		}
	}
	say("entries %d exits %d getppid %d\n", entries, exits, getppids);
	say("done\n");
	return 0;
}
