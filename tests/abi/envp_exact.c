/* envp_exact: prints the environment in order. The harness passes exactly
 * HOME=/ PATH=/bin:/usr/bin TERM=linux LVTEST=1, and execve(2) places envp
 * strings on the initial stack in the order given. Also checks that the
 * main() envp argument equals environ and getenv() finds LVTEST. */
#include "lvtest.h"

extern char **environ;

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	yesno("envp == environ", envp == environ);
	int n = 0;
	for (char **e = envp; *e; e++, n++)
		say("env[%d]: %s\n", n, *e);
	say("count: %d\n", n);
	const char *v = getenv("LVTEST");
	say("getenv(LVTEST): %s\n", v ? v : "(null)");
	done();
	return 0;
}
