/* seccomp_actions: what each answer of a seccomp filter does to the call
 * (Linux kernel/seccomp.c __seccomp_filter), each in a child of its own:
 * ERRNO (the data as errno, capped at 4095), TRAP (SIGSYS with si_code
 * SYS_SECCOMP, si_errno the data, si_syscall, si_arch, si_call_addr the
 * address after the SVC, and x0 given back as it came in), TRAP while
 * SIGSYS is blocked, KILL_PROCESS, KILL_THREAD alone and beside another
 * thread, TRACE and USER_NOTIF with nobody to answer (ENOSYS), LOG and
 * ALLOW (the call is made), an unknown action (the process dies), the
 * precedence of several filters, a filter reading the arguments and the
 * architecture, and the stack inherited across fork and execve with
 * /proc/PID/status's NoNewPrivs, Seccomp and Seccomp_filters. */
#include "seccomp_test.h"
#include <pthread.h>

static volatile siginfo_t trapped;
static volatile int traps;

static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
	trapped = *info;
	traps++;
}

static void catch_sigsys(void)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
}

static void show_call(const char *label, long r)
{
	say("%s: %ld %s\n", label, r, r < 0 ? errname(errno) : "");
}

static void errno_action(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_ERRNO | 1234, 0);
	long r = syscall(SYS_getppid);
	say("ERRNO|1234: %ld errno %d\n", r, r < 0 ? errno : 0);
	install_for(SYS_getppid, SECCOMP_RET_ERRNO | 5000, 0); /* newer, same action: its data, capped */
	r = syscall(SYS_getppid);
	say("then ERRNO|5000: %ld errno %d\n", r, r < 0 ? errno : 0);
	show_call("getpid untouched", syscall(SYS_getpid) > 0);
}

static void trap_action(void)
{
	catch_sigsys();
	no_new_privs();
	install_for(SYS_dup, SECCOMP_RET_TRAP | 42, 0);
	register long x0 __asm__("x0") = 77;
	register long x8 __asm__("x8") = SYS_dup;
	unsigned long after_svc;
	__asm__ volatile("adr %[after], 1f\n\tsvc #0\n1:" : "+r"(x0), [after] "=&r"(after_svc) : "r"(x8) : "memory");
	say("TRAP|42: call returned %ld (x0 as it came), traps %d\n", x0, traps);
	say("si_signo %d si_code %d si_errno %d si_syscall %d si_arch %#x\n", trapped.si_signo, trapped.si_code,
	    trapped.si_errno, trapped.si_syscall, trapped.si_arch);
	say("si_call_addr is the address after the svc: %s\n",
	    (unsigned long)trapped.si_call_addr == after_svc ? "yes" : "no");
}

static void trap_blocked(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	sigprocmask(SIG_BLOCK, &set, NULL);
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_TRAP, 0);
	syscall(SYS_getppid);
	say("survived a blocked SIGSYS\n");
}

static void kill_process(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_KILL_PROCESS, 0);
	syscall(SYS_getppid);
	say("survived KILL_PROCESS\n");
}

static void kill_thread_alone(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_KILL_THREAD, 0);
	syscall(SYS_getppid);
	say("survived KILL_THREAD\n");
}

static void *calls_getppid(void *arg)
{
	syscall(SYS_getppid);
	say("thread survived KILL_THREAD\n");
	return arg;
}

static void kill_thread_beside_main(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_KILL_THREAD, 0);
	pthread_t t;
	if (pthread_create(&t, NULL, calls_getppid, NULL) != 0) {
		say("pthread_create failed\n");
		return;
	}
	/* not pthread_join: musl's needs the thread to leave through
	 * pthread_exit; wait until the process has one thread again */
	char text[4096];
	for (long i = 0; i < 1000000; i++) {
		if (slurp_file("/proc/self/status", text, sizeof text) > 0 && strstr(text, "\nThreads:\t1\n"))
			break;
		sched_yield();
	}
	say("main thread goes on after its thread was killed: %s\n", strstr(text, "\nThreads:\t1\n") ? "yes" : "no");
	_exit(5);
}

static void trace_and_notif(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_TRACE | 3, 0);
	show_call("TRACE without a tracer", syscall(SYS_getppid));
	install_for(SYS_getpgid, SECCOMP_RET_USER_NOTIF, 0);
	show_call("USER_NOTIF without a listener", syscall(SYS_getpgid, 0));
}

static void log_and_allow(void)
{
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_LOG, 0);
	show_call("LOG: the call is made", syscall(SYS_getppid) > 0);
	install_for(SYS_getppid, SECCOMP_RET_ALLOW, 0);
	show_call("ALLOW: the call is made", syscall(SYS_getppid) > 0);
}

static void unknown_action(void)
{
	no_new_privs();
	install_for(SYS_getppid, 0x00010000u, 0);
	syscall(SYS_getppid);
	say("survived an unknown action\n");
}

static void precedence(void)
{
	catch_sigsys();
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_ERRNO | 11, 0);
	install_for(SYS_getppid, SECCOMP_RET_TRAP | 5, 0);
	install_for(SYS_getppid, SECCOMP_RET_ALLOW, 0);
	syscall(SYS_getppid);
	say("ERRNO, TRAP and ALLOW: TRAP wins, traps %d si_errno %d\n", traps, trapped.si_errno);
	install_for(SYS_getpgid, SECCOMP_RET_ERRNO | 21, 0);
	install_for(SYS_getpgid, SECCOMP_RET_LOG, 0);
	long r = syscall(SYS_getpgid, 0);
	say("ERRNO and LOG: %ld errno %d\n", r, r < 0 ? errno : 0);
}

static void reads_args_and_arch(void)
{
	no_new_privs();
	struct sf f[] = {
		STMT(LD_ABS_W, OFF_ARCH),
		JUMP(JEQ_K, AUDIT_ARCH_AARCH64_, 1, 0),
		STMT(RET_K, SECCOMP_RET_KILL_PROCESS),
		STMT(LD_ABS_W, OFF_NR),
		JUMP(JEQ_K, SYS_dup, 0, 3),
		STMT(LD_ABS_W, OFF_ARG0), /* the low word: little-endian */
		JUMP(JEQ_K, 0xdead, 0, 1),
		STMT(RET_K, SECCOMP_RET_ERRNO | 7),
		STMT(RET_K, SECCOMP_RET_ALLOW),
	};
	show_call("install", install(f, sizeof(f) / sizeof(f[0]), 0));
	long r = syscall(SYS_dup, 0xdead);
	say("dup(0xdead): %ld errno %d\n", r, r < 0 ? errno : 0);
	r = syscall(SYS_dup, 1);
	say("dup(1) allowed: %s\n", r > 1 ? "yes" : "no");
}

static void show_status(const char *who)
{
	char text[4096];
	if (slurp_file("/proc/self/status", text, sizeof text) <= 0)
		return;
	const char *keys[] = {"NoNewPrivs:", "Seccomp:", "Seccomp_filters:"};
	for (int i = 0; i < 3; i++) {
		char *p = strstr(text, keys[i]);
		char *end = p ? strchr(p, '\n') : NULL;
		say("%s %.*s\n", who, p && end ? (int)(end - p) : 7, p ? p : "missing");
	}
	say("%s PR_GET_SECCOMP %d PR_GET_NO_NEW_PRIVS %d\n", who, prctl(PR_GET_SECCOMP, 0, 0, 0, 0),
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	long r = syscall(SYS_getppid);
	say("%s getppid: %s errno %d\n", who, r > 0 ? "a pid" : "-1", r < 0 ? errno : 0);
}

static const char *self_path;

static void inherited(void)
{
	show_status("before");
	no_new_privs();
	install_for(SYS_getppid, SECCOMP_RET_ERRNO | 9, 0);
	install_for(SYS_getpgid, SECCOMP_RET_ERRNO | 10, 0);
	show_status("after");
	pid_t pid = fork();
	if (pid == 0) {
		show_status("fork child");
		execl(self_path, self_path, "after-exec", (char *)NULL);
		say("execl: %s\n", errname(errno));
		_exit(1);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child of the filtered process: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		show_status("after execve");
		return 0;
	}
	self_path = "/proc/self/exe";
	in_child("ERRNO", errno_action);
	in_child("TRAP", trap_action);
	in_child("TRAP with SIGSYS blocked", trap_blocked);
	in_child("KILL_PROCESS", kill_process);
	in_child("KILL_THREAD alone", kill_thread_alone);
	in_child("KILL_THREAD beside the main thread", kill_thread_beside_main);
	in_child("TRACE and USER_NOTIF", trace_and_notif);
	in_child("LOG and ALLOW", log_and_allow);
	in_child("unknown action", unknown_action);
	in_child("precedence", precedence);
	in_child("arguments and architecture", reads_args_and_arch);
	in_child("inherited", inherited);
	done();
	return 0;
}
