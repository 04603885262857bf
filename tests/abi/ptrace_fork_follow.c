/* Following a fork: with PTRACE_O_TRACEFORK the traced child stops at
 * PTRACE_EVENT_FORK (GETEVENTMSG: the new pid) and its new child starts
 * traced, stopped by SIGSTOP; the tracer sees that grandchild's exit
 * before its parent does; PTRACE_O_TRACEEXEC gives PTRACE_EVENT_EXEC
 * (GETEVENTMSG: the pid) instead of a SIGTRAP; the SIGCHLD of the
 * grandchild's exit stops the child too; PTRACE_O_TRACEEXIT stops
 * before the exit with the status as the message. */
#include "ptrace_test.h"

int main(int argc, char **argv)
{
	if (argc > 1) {
		say("exec'd: runs\n");
		return 6;
	}
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		pid_t gc = fork();
		if (gc == 0)
			_exit(4);
		int st = 0;
		pid_t got = waitpid(gc, &st, 0);
		say("child: reaped its child %d, status %#x\n", got == gc, st);
		execl(argv[0], argv[0], "exec", (char *)NULL);
		_exit(98);
	}
	long opts = PTRACE_O_TRACEFORK | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
	say("setoptions: %s\n", pt_err(pt(PTRACE_SETOPTIONS, pid, 0, opts)));
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid);
	unsigned long msg = 0;
	say("geteventmsg: %s\n", pt_err(pt(PTRACE_GETEVENTMSG, pid, 0, (unsigned long)&msg)));
	pid_t gc = (pid_t)msg;
	say("grandchild is another process: %d\n", gc > 0 && gc != pid);
	wait_for("grandchild", gc);
	pt(PTRACE_CONT, gc, 0, 0);
	wait_for("grandchild", gc); /* its exit event */
	pt(PTRACE_GETEVENTMSG, gc, 0, (unsigned long)&msg);
	say("grandchild exit event message %#lx\n", msg);
	pt(PTRACE_CONT, gc, 0, 0);
	wait_for("grandchild", gc); /* the tracer sees the exit first */
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid); /* SIGCHLD: its child's exit, once the tracer has seen it */
	pt(PTRACE_CONT, pid, 0, SIGCHLD);
	wait_for("child", pid); /* exec event */
	pt(PTRACE_GETEVENTMSG, pid, 0, (unsigned long)&msg);
	say("exec event message is the pid: %d\n", (pid_t)msg == pid);
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid); /* exit event */
	pt(PTRACE_GETEVENTMSG, pid, 0, (unsigned long)&msg);
	say("exit event message %#lx\n", msg);
	pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid);
	say("done\n");
	return 0;
}
