/* ptrace_test.h — helpers for the ptrace_* tests: the raw system call
 * (PEEK* then stores the word at data, the same for glibc and musl), a
 * wait status in words, a child that asks to be traced and stops, and
 * arm64's register set. */
#pragma once
#include "lvtest.h"
#include <elf.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif

/* arm64's struct user_pt_regs (NT_PRSTATUS) */
struct pt_regs64 {
	unsigned long x[31];
	unsigned long sp, pc, pstate;
};

/* ptrace(2) itself: 0 or the result, -errno on failure */
static inline long pt(long req, long pid, unsigned long addr, unsigned long data)
{
	long r = syscall(SYS_ptrace, req, pid, addr, data);
	return r < 0 ? -errno : r;
}

static inline const char *pt_err(long r)
{
	return r < 0 ? errname((int)-r) : "ok";
}

/* The status in words (pid-free), e.g. "stopped SIGTRAP|0x80" */
static inline void describe(const char *who, int st)
{
	if (WIFEXITED(st))
		say("%s: exited %d\n", who, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		say("%s: killed by sig %d\n", who, WTERMSIG(st));
	else if (WIFSTOPPED(st))
		say("%s: stopped sig %d event %d\n", who, WSTOPSIG(st), st >> 16);
	else
		say("%s: status %#x\n", who, st);
}

static inline int wait_for(const char *who, pid_t pid)
{
	int st = 0;
	pid_t got = waitpid(pid, &st, __WALL);
	if (got != pid)
		say("%s: waitpid gave %d (%s)\n", who, (int)got, errname(errno));
	describe(who, st);
	return st;
}

/* A child that asks its parent to trace it and stops itself with SIGSTOP;
 * returns 0 in the child (once continued), its pid in the parent (once
 * it has stopped). */
static inline pid_t fork_traced_stopped(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (pt(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(99);
		raise(SIGSTOP);
		return 0;
	}
	wait_for("traceme child", pid);
	return pid;
}

static inline long get_regs(pid_t pid, struct pt_regs64 *r)
{
	struct iovec iov = {r, sizeof(*r)};
	return pt(PTRACE_GETREGSET, pid, NT_PRSTATUS, (unsigned long)&iov);
}

static inline long set_regs(pid_t pid, struct pt_regs64 *r)
{
	struct iovec iov = {r, sizeof(*r)};
	return pt(PTRACE_SETREGSET, pid, NT_PRSTATUS, (unsigned long)&iov);
}
