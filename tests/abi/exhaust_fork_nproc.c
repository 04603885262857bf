/*
 * exhaust_fork_nproc.c — a fork bomb under RLIMIT_NPROC (getrlimit(2),
 * Linux kernel/fork.c copy_process: EAGAIN once the real uid has
 * RLIMIT_NPROC tasks). As uid 1000 with the limit at 40, every process
 * forks until fork fails; each child reports one byte on a pipe and then
 * forks itself, so the bomb is a tree. The whole tree holds exactly 40
 * tasks of uid 1000 (39 forks succeed), every failure is EAGAIN; after the
 * tree is released and reaped, forking works again and the kernel passes
 * the health probe.
 */
#include "exhaust.h"
#include <sys/resource.h>
#include <sys/syscall.h>

#define LIMIT 40

/* Forks children until fork fails; each child does the same. Reports a
 * byte per child on made and the errno of each failure on failed, then
 * waits for release to close and reaps its children. */
static void bomb(int made, int failed, int release)
{
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			if (write(made, "+", 1) != 1)
				_exit(1);
			continue; /* the child bombs too */
		}
		if (pid < 0) {
			char e = errno == EAGAIN ? 'A' : 'x';
			if (write(failed, &e, 1) != 1)
				_exit(1);
			break;
		}
	}
	char c;
	while (read(release, &c, 1) > 0)
		;
	while (wait(NULL) > 0)
		;
	_exit(0);
}

int main(void)
{
	int made[2], failed[2], release[2];
	if (pipe(made) || pipe(failed) || pipe(release))
		return 1;
	pid_t top = fork();
	if (top == 0) {
		struct rlimit rl = {LIMIT, LIMIT};
		if (setrlimit(RLIMIT_NPROC, &rl) || syscall(SYS_setresuid, 1000, 1000, 1000))
			_exit(2);
		close(made[0]);
		close(failed[0]);
		close(release[1]);
		bomb(made[1], failed[1], release[0]);
	}
	close(made[1]);
	close(failed[1]);
	close(release[0]);
	/* Every process of the tree ends with one failure byte: LIMIT of them. */
	int forks = 0, failures = 0, eagain = 0;
	char c;
	while (failures < LIMIT && read(failed[0], &c, 1) == 1) {
		failures++;
		eagain += c == 'A';
	}
	close(release[1]);
	int status;
	waitpid(top, &status, 0);
	while (read(made[0], &c, 1) == 1)
		forks++;
	say("forks that succeeded: %d\n", forks);
	say("processes whose next fork failed: %d, with EAGAIN: %d\n", failures, eagain);
	say("tree exit status: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	health_probe();
	done();
	return 0;
}
