/*
 * vfork_parent_killable.c — a vfork parent waits for its child to exec or
 * exit, but SIGKILL ends that wait (Linux wait_for_vfork_done is
 * killable, TASK_KILLABLE): P vforks C, which says it runs and sleeps 2 s;
 * SIGKILL to P then ends P at once (well before C's sleep is over), and C
 * goes on with the memory it shares (it writes again after its sleep and
 * exits; the test, a subreaper, reaps it). A non-fatal signal (SIGUSR1,
 * with a handler) does not end the wait.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "lvtest.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* vfork from registers only, as glibc's: musl's vfork() is a plain fork
 * on arm64 (clone(SIGCHLD)), which made its Linux run race. Leaf code
 * without a stack frame, so the child cannot clobber what the parent
 * returns through. CLONE_VM | CLONE_VFORK | SIGCHLD = 0x4111. */
pid_t lv_vfork(void);
__asm__(".text\n"
	".global lv_vfork\n"
	".type lv_vfork, %function\n"
	"lv_vfork:\n"
	"	mov x0, #0x4111\n"
	"	mov x1, #0\n"
	"	mov x2, #0\n"
	"	mov x3, #0\n"
	"	mov x4, #0\n"
	"	mov x8, #220\n" /* SYS_clone */
	"	svc #0\n"
	"	ret\n");

static void on_usr1(int sig)
{
	(void)sig;
}

/* P: vforks C, which writes 'a', sleeps, writes 'b' and exits. */
static void parent_side(int wfd)
{
	signal(SIGUSR1, on_usr1);
	pid_t c = lv_vfork();
	if (c == 0) {
		struct timespec two = {2, 0};
		syscall(SYS_write, wfd, "a", 1);
		syscall(SYS_nanosleep, &two, NULL);
		syscall(SYS_write, wfd, "b", 1);
		syscall(SYS_exit, 0);
	}
	/* reached only after C exits (or not at all once killed) */
	syscall(SYS_write, wfd, "p", 1);
	_exit(3);
}

int main(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	int fds[2];
	if (pipe(fds) < 0)
		return 1;
	pid_t p = fork();
	if (p == 0) {
		close(fds[0]);
		parent_side(fds[1]);
	}
	close(fds[1]);
	char b = 0;
	say("read: %zd %c\n", read(fds[0], &b, 1), b);
	usleep(100000);
	kill(p, SIGUSR1); /* not fatal: P still waits */
	usleep(100000);
	int st = 0;
	say("P after SIGUSR1: %s\n", waitpid(p, &st, WNOHANG) == 0 ? "still waiting" : "gone");
	double t0 = now_s();
	kill(p, SIGKILL);
	pid_t w = waitpid(p, &st, 0);
	double waited = now_s() - t0;
	say("P reaped: %s, killed by %d, %s\n", w == p ? "yes" : "no", WIFSIGNALED(st) ? WTERMSIG(st) : -1,
	    waited < 1.0 ? "at once" : "after the child");
	b = 0;
	say("then read: %zd %c\n", read(fds[0], &b, 1), b);
	w = wait(&st);
	say("C reaped by the subreaper: %s, exit %d\n", w > 0 ? "yes" : "no", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	say("read at the end: %zd\n", read(fds[0], &b, 1));
	say("done\n");
	return 0;
}
