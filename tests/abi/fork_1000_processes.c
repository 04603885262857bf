/*
 * fork_1000_processes.c — address spaces are not scarce (issue #13,
 * divergence 4): 1000 children are alive at once (each blocks on a pipe
 * until the parent closes it), then all exit and are reaped. LevitateOS
 * once ran out of ASIDs at the 255th; ASIDs are now lent per generation.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

#define N 1000

int main(void)
{
	int gate[2], ready[2];
	if (pipe(gate) || pipe(ready))
		return 1;
	int forked = 0, err = 0;
	for (int i = 0; i < N; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			close(gate[1]);
			char c = 'r';
			write(ready[1], &c, 1);
			read(gate[0], &c, 1); /* end of file when the parent closes */
			_exit(i % 7);
		}
		forked++;
	}
	say("forked: %d (error %s)\n", forked, errname(err));
	close(gate[0]);
	close(ready[1]);
	int alive = 0;
	char c;
	while (alive < forked && read(ready[0], &c, 1) == 1)
		alive++;
	say("alive at once: %d\n", alive);
	close(gate[1]);
	int reaped = 0, codes_ok = 1, status;
	pid_t got;
	while ((got = wait(&status)) > 0) {
		reaped++;
		codes_ok &= WIFEXITED(status) && WEXITSTATUS(status) < 7;
	}
	say("reaped: %d, exit codes ok: %d, then %s\n", reaped, codes_ok, errname(errno));
	done();
	return 0;
}
