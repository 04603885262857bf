/* A tracer changes its child's system calls at the syscall stops: a
 * result at the exit stop (x0), an argument at the entry stop (x2: writev's
 * count), a
 * call skipped with NT_ARM_SYSTEM_CALL = -1 and its result set in x0,
 * while changing x8 alone does not change the call on arm64; FP/SIMD and
 * TLS register sets are read, and the iovec rules are checked. */
#include "ptrace_test.h"

/* Runs pid to its next syscall stop; its registers in *r. */
static int next_stop(pid_t pid, struct pt_regs64 *r)
{
	int st;
	if (pt(PTRACE_SYSCALL, pid, 0, 0) < 0 || waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		return -1;
	return get_regs(pid, r) < 0 ? -1 : 0;
}

/* Runs to the entry stop of call nr. */
static int to_entry(pid_t pid, long nr, struct pt_regs64 *r)
{
	while (next_stop(pid, r) == 0)
		if (r->x[7] == 0 && (long)r->x[8] == nr)
			return 0;
	return -1;
}

int main(void)
{
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		long a = syscall(SYS_getppid);
		say("child: getppid gave %ld\n", a);
		errno = 0;
		long b = syscall(SYS_getpid);
		say("child: getpid gave %ld errno %s\n", b, errname(errno));
		struct iovec v[2] = {{"ABC", 3}, {"DEF", 3}};
		long c = writev(1, v, 2);
		say("\nchild: writev gave %ld\n", c);
		long d = syscall(SYS_getuid);
		say("child: getuid gave %ld\n", d);
		_exit(0);
	}
	struct pt_regs64 r;
	/* getppid: the result becomes 4242 */
	if (to_entry(pid, SYS_getppid, &r) || next_stop(pid, &r))
		say("no getppid stops\n");
	r.x[0] = 4242;
	say("set x0 at exit: %s\n", pt_err(set_regs(pid, &r)));
	/* getpid: skipped, with ENOENT as its result */
	if (to_entry(pid, SYS_getpid, &r))
		say("no getpid entry\n");
	int nr = -1;
	struct iovec iov = {&nr, sizeof(nr)};
	say("skip: %s\n", pt_err(pt(PTRACE_SETREGSET, pid, NT_ARM_SYSTEM_CALL, (unsigned long)&iov)));
	r.x[0] = (unsigned long)-ENOENT;
	say("set x0 at entry: %s\n", pt_err(set_regs(pid, &r)));
	next_stop(pid, &r);
	say("exit stop of the skipped call: x7 %lu x0 %ld\n", r.x[7], (long)r.x[0]);
	nr = 0;
	iov.iov_len = sizeof(nr);
	pt(PTRACE_GETREGSET, pid, NT_ARM_SYSTEM_CALL, (unsigned long)&iov);
	say("NT_ARM_SYSTEM_CALL at that exit stop: %d len %zu\n", nr, iov.iov_len);
	/* writev: one iovec instead of two */
	if (to_entry(pid, SYS_writev, &r))
		say("no writev entry\n");
	r.x[2] = 1;
	say("set x2: %s\n", pt_err(set_regs(pid, &r)));
	/* getuid: x8 changed to getppid is not the call (arm64 uses syscallno) */
	if (to_entry(pid, SYS_getuid, &r))
		say("no getuid entry\n");
	r.x[8] = SYS_getppid;
	say("set x8: %s\n", pt_err(set_regs(pid, &r)));
	/* the iovec rules (ptrace_regset) */
	unsigned char fp[600];
	struct iovec fiov = {fp, sizeof(fp)};
	long e = pt(PTRACE_GETREGSET, pid, NT_PRFPREG, (unsigned long)&fiov);
	say("NT_PRFPREG: %s len %zu\n", pt_err(e), fiov.iov_len);
	fiov.iov_len = 6;
	say("NT_PRFPREG len 6: %s\n", pt_err(pt(PTRACE_GETREGSET, pid, NT_PRFPREG, (unsigned long)&fiov)));
	struct iovec short_iov = {&r, 16};
	e = pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, (unsigned long)&short_iov);
	say("NT_PRSTATUS len 16: %s len %zu\n", pt_err(e), short_iov.iov_len);
	short_iov.iov_len = 12;
	say("NT_PRSTATUS len 12: %s\n", pt_err(pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, (unsigned long)&short_iov)));
	say("NT 0x999: %s\n", pt_err(pt(PTRACE_GETREGSET, pid, 0x999, (unsigned long)&short_iov)));
	say("bad iovec: %s\n", pt_err(pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, 16)));
	unsigned long tls = 0;
	struct iovec tiov = {&tls, sizeof(tls)};
	say("NT_ARM_TLS: %s nonzero %d\n", pt_err(pt(PTRACE_GETREGSET, pid, 0x401, (unsigned long)&tiov)), tls != 0);
	say("PEEKUSR: %s\n", pt_err(pt(PTRACE_PEEKUSER, pid, 0, (unsigned long)&tls)));
	long cont = pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid); /* the child's lines come before: it ran on */
	say("cont: %s\n", pt_err(cont));
	say("done\n");
	return 0;
}
