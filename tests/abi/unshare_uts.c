/*
 * unshare_uts.c — UTS namespaces (man 7 uts_namespaces, Linux
 * kernel/utsname.c): after unshare(CLONE_NEWUTS), or in a child of
 * clone(CLONE_NEWUTS), sethostname and setdomainname change the names that
 * uname and /proc/sys/kernel/{hostname,domainname} show in that namespace
 * only; its children inherit it; a thread that unshares leaves the other
 * threads in the old one; without CAP_SYS_ADMIN both calls are EPERM.
 * The initial names differ between kernels: only their sameness is shown.
 */
#include "lvtest.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static char initial[65];

static const char *hostname_now(void)
{
	static struct utsname u;
	uname(&u);
	return u.nodename;
}

static int child_status(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void inner_checks(const char *label)
{
	show_ret("sethostname", sethostname("inner", 5), errno);
	show_ret("setdomainname", setdomainname("inner.dom", 9), errno);
	struct utsname u;
	uname(&u);
	say("%s: uname %s / %s\n", label, u.nodename, u.domainname);
	char text[80] = "";
	slurp_file("/proc/sys/kernel/hostname", text, sizeof(text));
	say("%s: /proc/sys/kernel/hostname %s", label, text);
	pid_t pid = fork();
	if (pid == 0)
		_exit(strcmp(hostname_now(), "inner") == 0 ? 0 : 1);
	say("%s: a child inherits it: %s\n", label, child_status(pid) == 0 ? "yes" : "no");
}

static void *thread_main(void *arg)
{
	(void)arg;
	long r = unshare(CLONE_NEWUTS);
	long s = sethostname("threaded", 8);
	return (void *)(r == 0 && s == 0 && strcmp(hostname_now(), "threaded") == 0 ? 1L : 0L);
}

int main(void)
{
	strcpy(initial, hostname_now());
	pid_t pid = fork();
	if (pid == 0) {
		show_ret("unshare(CLONE_NEWUTS)", unshare(CLONE_NEWUTS), errno);
		inner_checks("unshared");
		_exit(0);
	}
	child_status(pid);
	yesno("the parent's name is unchanged", strcmp(hostname_now(), initial) == 0);

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		inner_checks("cloned");
		_exit(0);
	}
	const char *made = pid > 0 ? "a child" : errname(errno);
	child_status(pid);
	say("clone(CLONE_NEWUTS): %s\n", made);
	yesno("the parent's name is still unchanged", strcmp(hostname_now(), initial) == 0);

	pthread_t th;
	void *ok;
	pthread_create(&th, NULL, thread_main, NULL);
	pthread_join(th, &ok);
	yesno("a thread unshares alone", ok == (void *)1L && strcmp(hostname_now(), initial) == 0);

	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(9);
		expect_err("unshare without CAP_SYS_ADMIN", unshare(CLONE_NEWUTS), errno, EPERM);
		expect_err("clone without CAP_SYS_ADMIN", syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0), errno,
			   EPERM);
		_exit(0);
	}
	child_status(pid);
	done();
	return 0;
}
