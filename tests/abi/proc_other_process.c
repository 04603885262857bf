/*
 * proc_other_process.c — /proc/<pid> of another process (proc(5),
 * fs/proc/array.c, base.c): a child that exec'd with known argv and envp,
 * named itself with prctl, holds /dev/null at fd 7 and has two threads is
 * read by its parent: stat's pid, comm, state (S while it blocks) and ppid; status Tgid/PPid/Threads; cmdline and environ bytes;
 * comm; fd/7; task/ with both threads; its pid in the /proc listing (in
 * increasing order) until it is reaped; state Z and exe ENOENT while a
 * zombie. A child that set its uids shows them in status, and may not read
 * its root parent's environ (EACCES) but may read its stat. A blocked
 * single-threaded child is S, and T once SIGSTOP stopped it.
 */
#include "lvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static char *child_argv[] = {"proc_other_process", "child", "a b", "", NULL};
static char *child_envp[] = {"FOO=bar", "X=", NULL};

static void *blocker(void *arg)
{
	char c;
	(void)read(4, &c, 1);
	return arg;
}

/* The exec'd child: fd 3 says "ready", fd 4 releases both threads. */
static int child_main(void)
{
	prctl(PR_SET_NAME, "kidname");
	int null = open("/dev/null", O_RDONLY);
	if (null != 7) {
		dup2(null, 7);
		close(null);
	}
	pthread_t th;
	pthread_create(&th, NULL, blocker, NULL);
	/* pthread_create returns once the thread exists: the parent sees both */
	(void)write(3, "r", 1);
	char c;
	(void)read(4, &c, 1);
	pthread_join(th, NULL);
	return 0;
}

/* Is pid listed in /proc, and are the numeric names in increasing order? */
static int listed(int pid, int *ordered)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0, last = 0;
	*ordered = 1;
	while (d && (e = readdir(d))) {
		int n = atoi(e->d_name);
		if (n <= 0)
			continue;
		if (n <= last)
			*ordered = 0;
		last = n;
		found |= n == pid;
	}
	if (d)
		closedir(d);
	return found;
}

static char path_state(const char *path)
{
	char buf[1024];
	if (slurp_file(path, buf, sizeof buf) <= 0)
		return '?';
	char *p = strrchr(buf, ')');
	return p ? p[2] : '?';
}

static char stat_state(int pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	return path_state(path);
}

/* Waits (yielding) until the stat file at path shows a sleeping thread; gives up after many tries. */
static void wait_sleeping(const char *path)
{
	for (int i = 0; i < 100000 && path_state(path) != 'S'; i++)
		sched_yield();
}

static void check_stat(int pid)
{
	char path[64], buf[1024], want[128];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	slurp_file(path, buf, sizeof buf);
	snprintf(want, sizeof want, "%d (kidname) ", pid);
	yesno("stat starts pid (comm)", strncmp(buf, want, strlen(want)) == 0);
	char *p = strrchr(buf, ')');
	int ppid = 0, pgid = 0;
	char state = 0;
	if (p)
		sscanf(p + 2, "%c %d %d", &state, &ppid, &pgid);
	say("stat state: %c\n", state);
	yesno("stat ppid is the parent", ppid == getpid());
	yesno("stat pgrp is the parent's", pgid == getpgrp());
	int fields = 1;
	for (char *q = p; q && *q; q++)
		fields += *q == ' ';
	say("stat fields: %d\n", fields);
}

static void check_files(int pid)
{
	char path[64], buf[4096], want[128];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	slurp_file(path, buf, sizeof buf);
	snprintf(want, sizeof want, "\nTgid:\t%d\n", pid);
	yesno("status Tgid", strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "\nPPid:\t%d\n", getpid());
	yesno("status PPid", strstr(buf, want) != NULL);
	yesno("status Threads 2", strstr(buf, "\nThreads:\t2\n") != NULL);
	yesno("status State S", strstr(buf, "\nState:\tS (sleeping)\n") != NULL);

	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	ssize_t n = slurp_file(path, buf, sizeof buf);
	static const char argv_bytes[] = "proc_other_process\0child\0a b\0";
	yesno("cmdline bytes", n == sizeof argv_bytes && memcmp(buf, argv_bytes, sizeof argv_bytes) == 0);
	snprintf(path, sizeof path, "/proc/%d/environ", pid);
	n = slurp_file(path, buf, sizeof buf);
	yesno("environ bytes", n == 11 && memcmp(buf, "FOO=bar\0X=\0", 11) == 0);
	snprintf(path, sizeof path, "/proc/%d/comm", pid);
	slurp_file(path, buf, sizeof buf);
	say("comm: %s", buf);

	snprintf(path, sizeof path, "/proc/%d/fd/7", pid);
	n = readlink(path, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	say("fd/7: %s\n", buf);
	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	DIR *d = opendir(path);
	struct dirent *e;
	int has7 = 0;
	while (d && (e = readdir(d))) {
		has7 |= strcmp(e->d_name, "7") == 0;
	}
	if (d)
		closedir(d);
	yesno("fd/ lists 7", has7);

	snprintf(path, sizeof path, "/proc/%d/task", pid);
	d = opendir(path);
	int threads = 0, leader = 0, other = 0;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		threads++;
		int tid = atoi(e->d_name);
		leader |= tid == pid;
		if (tid != pid) {
			other = tid;
		}
	}
	if (d)
		closedir(d);
	say("task/ entries: %d, leader listed: %s\n", threads, leader ? "yes" : "no");
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, other);
	wait_sleeping(path);
	slurp_file(path, buf, sizeof buf);
	snprintf(want, sizeof want, "%d (kidname) S %d ", other, getpid());
	yesno("task/<tid>/stat starts tid (comm) S ppid", strncmp(buf, want, strlen(want)) == 0);
}

static void check_creds(void)
{
	int sync[2], go[2];
	pipe(sync);
	pipe(go);
	pid_t kid = fork();
	if (kid == 0) {
		char path[64], buf[256];
		setresgid(2000, 2000, 2000);
		setresuid(1000, 1001, 1002);
		snprintf(path, sizeof path, "/proc/%d/environ", getppid());
		int fd = open(path, O_RDONLY);
		say("non-root opens root's environ: %s\n", fd < 0 ? errname(errno) : "opened");
		snprintf(path, sizeof path, "/proc/%d/stat", getppid());
		say("non-root reads root's stat: %s\n", slurp_file(path, buf, sizeof buf) > 0 ? "yes" : "no");
		(void)write(sync[1], "r", 1);
		(void)read(go[0], buf, 1);
		_exit(0);
	}
	char c, path[64], buf[4096];
	(void)read(sync[0], &c, 1);
	snprintf(path, sizeof path, "/proc/%d/status", kid);
	slurp_file(path, buf, sizeof buf);
	char *uid = strstr(buf, "\nUid:");
	char *end = uid ? strchr(uid + 1, '\n') : NULL;
	if (end)
		*end = 0;
	say("status %s\n", uid ? uid + 1 : "has no Uid line");
	(void)write(go[1], "g", 1);
	waitpid(kid, NULL, 0);
}

/* A single-threaded child blocked in read(2), then stopped: S, then T. */
static void check_stopped(void)
{
	int go[2];
	pipe(go);
	pid_t kid = fork();
	if (kid == 0) {
		char c;
		(void)read(go[0], &c, 1);
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", kid);
	wait_sleeping(path);
	say("blocked child state: %c\n", stat_state(kid));
	kill(kid, SIGSTOP);
	int status;
	waitpid(kid, &status, WUNTRACED);
	say("after SIGSTOP state: %c\n", stat_state(kid));
	kill(kid, SIGCONT);
	(void)write(go[1], "g", 1);
	waitpid(kid, &status, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child_main();
	char buf[256], want[64];
	ssize_t n = readlink("/proc/thread-self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof want, "%d/task/%d", getpid(), getpid());
	yesno("thread-self is pid/task/tid", strcmp(buf, want) == 0);

	int ready[2], release[2];
	pipe(ready);
	pipe(release);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(ready[1], 3);
		dup2(release[0], 4);
		execve("/proc/self/exe", child_argv, child_envp);
		_exit(127);
	}
	close(ready[1]);
	close(release[0]);
	char c;
	if (read(ready[0], &c, 1) != 1) {
		say("child not ready\n");
		return 1;
	}
	int ordered;
	yesno("child listed in /proc", listed(pid, &ordered));
	yesno("/proc pids in increasing order", ordered);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	wait_sleeping(path); /* the child is on its way into read(2) */
	check_stat(pid);
	check_files(pid);

	int status;

	(void)write(release[1], "gg", 2);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);

	say("zombie state: %c\n", stat_state(pid));
	snprintf(want, sizeof want, "/proc/%d/exe", pid);
	n = readlink(want, buf, sizeof buf);
	say("zombie exe: %s\n", n < 0 ? errname(errno) : "a link");
	yesno("zombie listed in /proc", listed(pid, &ordered));
	waitpid(pid, &status, 0);
	yesno("reaped child listed in /proc", listed(pid, &ordered));
	say("reaped stat: %c\n", stat_state(pid));
	check_creds();
	check_stopped();
	done();
	return 0;
}
