/*
 * signal.h — signals. This first version records handlers (rt_sigaction),
 * masks and the alternate stack, and applies default actions: a fatal
 * signal ends the process with the wait status Linux gives. Handler
 * delivery with the arm64 signal frame comes with the signals issue.
 */
#pragma once

#include <arch.h>
#include <spinlock.h>
#include <types.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 64

#define SIG_DFL 0UL
#define SIG_IGN 1UL

/* struct sigaction as the kernel sees it (asm-generic, arm64: no sa_restorer reorder). */
struct k_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

struct sighand {
	struct spinlock lock;		  /* protects actions */
	int refcount;			  /* atomic; shared under CLONE_SIGHAND */
	struct k_sigaction actions[NSIG]; /* index sig-1 */
};

struct sighand *sighand_create(void);
void sighand_put(struct sighand *sh);
/* A synchronous fault the program cannot continue past. */
void signal_force(int sig, struct trap_frame *f);
void signal_force_fault(int sig, struct trap_frame *f, u64 addr);
void signal_send_group(struct task *t, int sig);
void signal_deliver(struct trap_frame *f);
void oom_kill_current(vaddr_t addr);
const char *signal_name(int sig);
/* Does this disposition discard the signal (SIG_IGN, or SIG_DFL of an "Ign" signal)? */
bool signal_handler_ignores(int sig, u64 handler);
