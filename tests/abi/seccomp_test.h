/* seccomp_test.h — what the seccomp tests share: the ABI's constants and
 * structures (Linux include/uapi/linux/seccomp.h, filter.h, audit.h;
 * spelled out here because musl's build has no kernel headers), a filter
 * builder, and running a piece of a test in a child whose end is printed
 * (seccomp is per process and cannot be undone). */
#ifndef SECCOMP_TEST_H
#define SECCOMP_TEST_H

#include "lvtest.h"
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define SECCOMP_SET_MODE_STRICT 0
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_GET_ACTION_AVAIL 2
#define SECCOMP_GET_NOTIF_SIZES 3
#define SECCOMP_FILTER_FLAG_TSYNC 1u
#define SECCOMP_FILTER_FLAG_LOG 2u
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW 4u
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH 16u
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_KILL_THREAD 0x00000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ERRNO 0x00050000u
#define SECCOMP_RET_USER_NOTIF 0x7fc00000u
#define SECCOMP_RET_TRACE 0x7ff00000u
#define SECCOMP_RET_LOG 0x7ffc0000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define AUDIT_ARCH_AARCH64_ 0xc00000b7u
#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#endif

struct sf {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sfprog {
	unsigned short len;
	struct sf *filter;
};
struct sdata {
	int nr;
	uint32_t arch;
	uint64_t instruction_pointer;
	uint64_t args[6];
};

#define LD_ABS_W 0x20 /* BPF_LD | BPF_W | BPF_ABS */
#define JEQ_K 0x15    /* BPF_JMP | BPF_JEQ | BPF_K */
#define RET_K 0x06    /* BPF_RET | BPF_K */
#define STMT(c, kk) ((struct sf){.code = (c), .jt = 0, .jf = 0, .k = (kk)})
#define JUMP(c, kk, t, f) ((struct sf){.code = (c), .jt = (t), .jf = (f), .k = (kk)})
#define OFF_NR offsetof(struct sdata, nr)
#define OFF_ARCH offsetof(struct sdata, arch)
#define OFF_ARG0 offsetof(struct sdata, args[0])

static inline long sys_seccomp(unsigned op, unsigned flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

static inline long install(struct sf *insns, unsigned n, unsigned flags)
{
	struct sfprog p = {.len = (unsigned short)n, .filter = insns};
	return sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &p);
}

/* A filter answering `action` for system call nr and allowing the rest. */
static inline long install_for(int nr, uint32_t action, unsigned flags)
{
	struct sf f[] = {
		STMT(LD_ABS_W, OFF_NR),
		JUMP(JEQ_K, (uint32_t)nr, 0, 1),
		STMT(RET_K, action),
		STMT(RET_K, SECCOMP_RET_ALLOW),
	};
	return install(f, 4, flags);
}

static inline void no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		say("PR_SET_NO_NEW_PRIVS: %s\n", errname(errno));
}

/* Runs fn in a child (no core files) and prints how it ended. */
static inline void in_child(const char *label, void (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit no_core = {0, 0};
		setrlimit(RLIMIT_CORE, &no_core);
		fn();
		_exit(0);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		say("%s: exited %d\n", label, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		say("%s: killed by signal %d%s\n", label, WTERMSIG(status), WCOREDUMP(status) ? " (core)" : "");
	else
		say("%s: status %#x\n", label, status);
}

#endif
