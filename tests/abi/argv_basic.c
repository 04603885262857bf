/* argv_basic: the initial stack holds argc, argv[0..argc-1], NULL
 * (execve(2), ELF ABI for AArch64 process start-up). The harness runs the
 * program with no extra arguments, so argc == 1, argv[1] == NULL and
 * argv[0] is the guest path; only its basename is printed. envp follows
 * directly after argv's NULL terminator. */
#include "lvtest.h"

extern char **environ;

int main(int argc, char **argv)
{
	say("argc: %d\n", argc);
	int n = 0;
	while (argv[n])
		n++;
	say("argv count to NULL: %d\n", n);
	yesno("argv[argc] == NULL", argv[argc] == NULL);
	say("argv[0] basename: %s\n", lv_basename(argv[0]));
	yesno("argv[0] absolute", argv[0][0] == '/');
	yesno("environ == &argv[argc+1]", environ == &argv[argc + 1]);
	done();
	return 0;
}
