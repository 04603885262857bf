/*
 * flock_two_procs.c — flock(2) (fs/locks.c): locks belong to open file
 * descriptions. An exclusive lock makes another description's LOCK_EX|LOCK_NB
 * and LOCK_SH|LOCK_NB fail with EWOULDBLOCK, in this process or another;
 * shared locks coexist; a dup'd descriptor shares its lock, which survives
 * closing one of them and goes with the last; LOCK_UN frees it; a blocked
 * LOCK_EX waits until the holder unlocks (handshakes through pipes); a bad
 * operation is EINVAL, a bad fd EBADF.
 */
#include "fs_test.h"

#include <sys/file.h>
#include <sys/wait.h>

int main(void)
{
	int a = open("/tmp/flk", O_CREAT | O_RDWR, 0644);
	int b = open("/tmp/flk", O_RDWR);
	R("a LOCK_EX", flock(a, LOCK_EX));
	R("b LOCK_EX|LOCK_NB", flock(b, LOCK_EX | LOCK_NB));
	R("b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	int a2 = dup(a);
	R("dup LOCK_EX (same description)", flock(a2, LOCK_EX | LOCK_NB));
	close(a2);
	R("b still blocked after closing the dup", flock(b, LOCK_SH | LOCK_NB));
	R("a LOCK_SH (convert)", flock(a, LOCK_SH));
	R("b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	R("a LOCK_EX|LOCK_NB while b shares", flock(a, LOCK_EX | LOCK_NB));
	R("b LOCK_UN", flock(b, LOCK_UN));
	R("a LOCK_EX|LOCK_NB", flock(a, LOCK_EX | LOCK_NB));
	int ready[2], go[2];
	pipe(ready);
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		int c = open("/tmp/flk", O_RDWR);
		R("child LOCK_EX|LOCK_NB", flock(c, LOCK_EX | LOCK_NB));
		write(ready[1], "r", 1);
		R("child LOCK_EX (waits)", flock(c, LOCK_EX));
		char x;
		say("child holds it, parent released: %d\n", read(go[0], &x, 1) == 1);
		_exit(0);
	}
	char x;
	read(ready[0], &x, 1);
	write(go[1], "g", 1);
	errno = 0;
	int unlocked = flock(a, LOCK_UN), unlock_errno = errno;
	int status;
	waitpid(pid, &status, 0); /* the child's lines first, whichever runs first */
	show_ret("a LOCK_UN", unlocked >= 0 ? 0 : unlocked, unlock_errno);
	say("child exit %d\n", WEXITSTATUS(status));
	R("a LOCK_EX after the child exited", flock(a, LOCK_EX | LOCK_NB));
	R("bad operation", flock(a, 0));
	R("bad operation 3", flock(a, LOCK_SH | LOCK_EX));
	R("bad fd", flock(99, LOCK_SH));
	close(a);
	R("b LOCK_EX after a closed", flock(b, LOCK_EX | LOCK_NB));
	close(b);
	unlink("/tmp/flk");
	done();
	return 0;
}
