/*
 * proc_locks.c — /proc/locks as Linux prints it (fs/locks.c locks_show,
 * lock_get_status, __locks_insert_block): one line per granted lock, newest
 * first — "N: POSIX  ADVISORY  WRITE pid MAJ:MIN:INO start end", OFDLCK
 * with pid -1, FLOCK and LEASE lines ending "0 EOF", "EOF" for a range to
 * the end of any file — and under each lock the requests sleeping on it as
 * "N: -> ..." lines, one more column of indent for a request that waits on
 * another request it conflicts with. A split lock keeps its right half, the
 * left one is new. Pids and devices are printed as names (P the parent,
 * C1.. the children; A, B, C the files). Each child blocks in F_SETLKW or
 * flock; the parent waits until /proc/locks shows it before the next one.
 * An open for writing that sleeps while it breaks a read lease shows as
 * "-> LEASE  BREAKER   WRITE" under the lease, which is "BREAKING  UNLCK".
 * Everything runs on CPU 0 (see main).
 */
#include "fs_test.h"

#include <sched.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>

static const char *const paths[3] = {"/tmp/proc_locks_a", "/tmp/proc_locks_b", "/tmp/proc_locks_c"};
static char ids[3][48];
static pid_t kids[4];

static void replace_word(char *line, const char *word, const char *with)
{
	char *p = strstr(line, word);
	if (!p)
		return;
	size_t wl = strlen(word), rl = strlen(with);
	memmove(p + rl, p + wl, strlen(p + wl) + 1);
	memcpy(p, with, rl);
}

/* The pid field (after the type) as P, C1.. or itself. */
static void name_pid(char *line)
{
	char *p = strstr(line, "READ ");
	if (!p)
		p = strstr(line, "WRITE ");
	if (!p)
		p = strstr(line, "UNLCK ");
	if (!p)
		return;
	p = strchr(p, ' ') + 1;
	long pid = strtol(p, NULL, 10);
	char word[32], with[8] = "P";
	snprintf(word, sizeof word, "%ld ", pid);
	for (int i = 0; i < 4; i++)
		if (kids[i] && pid == kids[i])
			snprintf(with, sizeof with, "C%d", i + 1);
	if (pid != getpid() && strcmp(with, "P") == 0)
		return; /* -1, or nobody we know */
	strcat(with, " ");
	replace_word(p, word, with);
}

/* The lines of /proc/locks with pids and devices named; returns the "->" lines. */
static int show(const char *label, int print)
{
	static char buf[8192];
	long n = slurp_file("/proc/locks", buf, sizeof buf);
	if (n < 0) {
		say("/proc/locks: %s\n", errname(errno));
		return -1;
	}
	int arrows = 0;
	if (print)
		say("%s:\n", label);
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char out[256];
		snprintf(out, sizeof out, "%s", line);
		arrows += strstr(out, "-> ") != NULL;
		name_pid(out);
		for (int i = 0; i < 3; i++)
			replace_word(out, ids[i], i == 0 ? "A" : i == 1 ? "B" : "C");
		if (print)
			say("  [%s]\n", out);
	}
	return arrows;
}

/* Waits (up to 10 s) until n requests sleep. */
static void wait_arrows(int n)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (show("", 0) >= n)
			return;
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 10);
	say("timed out waiting for %d blocked requests\n", n);
}

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock l = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	return fcntl(fd, cmd, &l);
}

/* A child that sleeps on a write lock of A's bytes [start, start+len). */
static pid_t posix_waiter(int i, off_t start, off_t len)
{
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(paths[0], O_RDWR);
		lock(fd, F_SETLKW, F_WRLCK, start, len);
		_exit(0);
	}
	kids[i] = pid;
	return pid;
}

int main(void)
{
	/* one CPU for the test and its children: Linux keeps a list of locks
	 * per CPU (fs/locks.c file_lock_list) and /proc/locks walks them in
	 * CPU order, so with two CPUs the order would depend on where each
	 * lock was taken */
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof one, &one);
	int fd[3];
	for (int i = 0; i < 3; i++) {
		fd[i] = open(paths[i], O_RDWR | O_CREAT | O_TRUNC, 0644);
		R("write", write(fd[i], "0123456789abcdef", 16));
		struct stat st;
		fstat(fd[i], &st);
		snprintf(ids[i], sizeof ids[i], "%02x:%02x:%lu", major(st.st_dev), minor(st.st_dev),
			 (unsigned long)st.st_ino);
	}
	show("nothing locked", 1);

	R("F_SETLK write 0..9 of A", lock(fd[0], F_SETLK, F_WRLCK, 0, 10));
	int ofd = open(paths[0], O_RDWR);
	R("F_OFD_SETLK read 20..EOF of A", lock(ofd, F_OFD_SETLK, F_RDLCK, 20, 0));
	R("flock LOCK_SH on B", flock(fd[1], LOCK_SH));
	close(fd[2]);
	fd[2] = open(paths[2], O_RDONLY);
	R("F_SETLEASE F_RDLCK on C", fcntl(fd[2], F_SETLEASE, F_RDLCK));
	show("four locks", 1);

	posix_waiter(0, 5, 10); /* 5..14: blocked by P's 0..9 */
	wait_arrows(1);
	posix_waiter(1, 0, 5); /* 0..4: by P's lock too, not C1's request */
	wait_arrows(2);
	posix_waiter(2, 8, 2); /* 8..9: conflicts with C1's request as well: under it */
	wait_arrows(3);
	pid_t pid = fork();
	if (pid == 0) {
		int b = open(paths[1], O_RDWR);
		flock(b, LOCK_EX);
		_exit(0);
	}
	kids[3] = pid;
	wait_arrows(4);
	show("four sleeping requests", 1);

	for (int i = 0; i < 4; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	show("the requests gone", 1);

	R("F_SETLK read 100..199 of B", lock(fd[1], F_SETLK, F_RDLCK, 100, 100));
	R("F_SETLK write 140..149 of B (a split)", lock(fd[1], F_SETLK, F_WRLCK, 140, 10));
	show("after a split", 1);
	R("F_SETLK read 140..149 of B (merged again)", lock(fd[1], F_SETLK, F_RDLCK, 140, 10));
	show("after the merge", 1);

	sigset_t sigio;
	sigemptyset(&sigio);
	sigaddset(&sigio, SIGIO);
	sigprocmask(SIG_BLOCK, &sigio, NULL); /* the lease break's signal stays pending */
	pid = fork();
	if (pid == 0) {
		open(paths[2], O_WRONLY); /* sleeps until the lease is broken */
		_exit(0);
	}
	kids[0] = pid;
	wait_arrows(1);
	show("an open for writing breaking the lease on C", 1);
	R("F_SETLEASE F_UNLCK", fcntl(fd[2], F_SETLEASE, F_UNLCK));
	int st = 0;
	waitpid(pid, &st, 0);
	say("the opener: exit %d\n", WEXITSTATUS(st));
	R("flock LOCK_UN", flock(fd[1], LOCK_UN));
	close(ofd);
	close(fd[0]);
	show("all unlocked", 1);
	for (int i = 0; i < 3; i++)
		unlink(paths[i]);
	close(fd[1]);
	close(fd[2]);
	done();
	return 0;
}
