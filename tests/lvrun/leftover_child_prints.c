/*
 * leftover_child_prints.c — leaves a child behind that writes "leftover" to
 * stdout and stderr for ever (only stderr with the argument "stderr";
 * SIGPIPE ignored, so a closed stderr does not stop it), then exits 0 once
 * the child has written its first line. The
 * protocol's init must kill and reap that child before the next program of
 * the batch starts, so the next program's output stays its own. Used by
 * tests/harness/test_lvrun.py.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int to_stdout = !(argc > 1 && strcmp(argv[1], "stderr") == 0);
	int ready[2];
	char c;

	if (pipe(ready) < 0)
		return 1;
	if (fork() == 0) {
		signal(SIGPIPE, SIG_IGN);
		close(ready[0]);
		for (;;) {
			if (to_stdout && write(1, "leftover\n", 9) < 0) {
				/* keep trying */
			}
			if (write(2, "leftover\n", 9) < 0) {
				/* keep trying */
			}
			if (ready[1] >= 0) {
				close(ready[1]); /* the parent may go now */
				ready[1] = -1;
			}
		}
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) < 0)
		return 1;
	return 0;
}
