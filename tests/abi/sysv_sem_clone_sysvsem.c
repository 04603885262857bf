/* sysv_sem_clone_sysvsem: SEM_UNDO adjustments shared between processes
 * (Linux ipc/sem.c copy_semundo, exit_sem; kernel/fork.c ksys_unshare).
 *  - a process cloned with CLONE_SYSVSEM shares its parent's undo list: its
 *    exit applies nothing while the parent holds the list, and the parent's
 *    unshare(CLONE_SYSVSEM), the last holder letting go, applies both
 *    adjustments;
 *  - the parent letting go first applies nothing; the child's exit then does;
 *  - a plain fork has its own list, applied at its exit;
 *  - unshare(CLONE_SYSVSEM) without any list succeeds. */
#include "lvtest.h"
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>

static int semid;

static int value(void)
{
	return semctl(semid, 0, GETVAL);
}

static void up_with_undo(void)
{
	struct sembuf op = {0, 1, SEM_UNDO};
	if (semop(semid, &op, 1) != 0)
		say("semop failed: %s\n", errname(errno));
}

/* A child process (fork-like: its own copy of memory) with extra clone flags. */
static pid_t clone_child(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static void reap(pid_t pid)
{
	int status;
	yesno("child exited 0", waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void child_exits_first(void)
{
	up_with_undo();
	pid_t pid = clone_child(CLONE_SYSVSEM);
	if (pid == 0) {
		up_with_undo();
		_exit(0);
	}
	reap(pid);
	say("shared, child exited: %d\n", value());
	show_ret("unshare(CLONE_SYSVSEM)", syscall(SYS_unshare, CLONE_SYSVSEM), errno);
	say("after the parent let go: %d\n", value());
}

static void parent_lets_go_first(void)
{
	int ready[2], go[2];
	char c;
	if (pipe(ready) || pipe(go))
		exit(1);
	up_with_undo();
	pid_t pid = clone_child(CLONE_SYSVSEM);
	if (pid == 0) {
		up_with_undo();
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		exit(1);
	say("shared, both up: %d\n", value());
	show_ret("unshare(CLONE_SYSVSEM) first", syscall(SYS_unshare, CLONE_SYSVSEM), errno);
	say("after the parent let go: %d\n", value());
	if (write(go[1], "g", 1) != 1)
		exit(1);
	reap(pid);
	say("after the child exited: %d\n", value());
}

static void plain_fork(void)
{
	up_with_undo();
	pid_t pid = fork();
	if (pid == 0) {
		up_with_undo();
		_exit(0);
	}
	reap(pid);
	say("fork, child exited: %d\n", value());
	show_ret("unshare(CLONE_SYSVSEM)", syscall(SYS_unshare, CLONE_SYSVSEM), errno);
	say("after the parent let go: %d\n", value());
}

int main(void)
{
	show_ret("unshare(CLONE_SYSVSEM) with no list", syscall(SYS_unshare, CLONE_SYSVSEM), errno);
	semid = semget(IPC_PRIVATE, 1, 0600);
	if (semid < 0) {
		say("semget failed: %s\n", errname(errno));
		return 1;
	}
	child_exits_first();
	parent_lets_go_first();
	plain_fork();
	semctl(semid, 0, IPC_RMID);
	done();
	return 0;
}
