/* PEEKDATA/POKEDATA and PEEKTEXT/POKETEXT on a stopped child: a global
 * variable, a read-only constant and the code of a function are changed in
 * the child alone (POKETEXT writes read-only pages as a private copy, as
 * Linux's FOLL_FORCE); unmapped addresses give EIO. */
#include "ptrace_test.h"

long value = 11;
static const long ro = 22;

__attribute__((noinline)) static int one(void)
{
	return 1;
}
static int (*volatile call_one)(void) = one;

int main(void)
{
	pid_t pid = fork_traced_stopped();
	if (pid == 0) {
		say("child: value %ld ro %ld one() %d\n", value, *(volatile const long *)&ro, call_one());
		_exit(0);
	}
	unsigned long word = 0;
	say("peekdata: %s %lu\n", pt_err(pt(PTRACE_PEEKDATA, pid, (unsigned long)&value, (unsigned long)&word)), word);
	say("pokedata: %s\n", pt_err(pt(PTRACE_POKEDATA, pid, (unsigned long)&value, 33)));
	say("peektext ro: %s %lu\n", pt_err(pt(PTRACE_PEEKTEXT, pid, (unsigned long)&ro, (unsigned long)&word)), word);
	say("poketext ro: %s\n", pt_err(pt(PTRACE_POKETEXT, pid, (unsigned long)&ro, 44)));
	/* one(): "mov w0, #2; ret" */
	unsigned long code = 0x52800040UL | (0xd65f03c0UL << 32);
	say("poketext code: %s\n", pt_err(pt(PTRACE_POKETEXT, pid, (unsigned long)one, code)));
	pt(PTRACE_PEEKTEXT, pid, (unsigned long)one, (unsigned long)&word);
	say("peektext code is it: %d\n", word == code);
	say("peek NULL: %s\n", pt_err(pt(PTRACE_PEEKDATA, pid, 0, (unsigned long)&word)));
	say("peek kernel address: %s\n", pt_err(pt(PTRACE_PEEKDATA, pid, 0xffff000000000000UL, (unsigned long)&word)));
	say("poke NULL: %s\n", pt_err(pt(PTRACE_POKEDATA, pid, 0, 1)));
	say("peek into a bad buffer: %s\n", pt_err(pt(PTRACE_PEEKDATA, pid, (unsigned long)&value, 8)));
	long cont = pt(PTRACE_CONT, pid, 0, 0);
	wait_for("child", pid); /* the child's lines come before: it ran on */
	say("cont: %s\n", pt_err(cont));
	say("parent: value %ld ro %ld one() %d\n", value, *(volatile const long *)&ro, call_one());
	say("done\n");
	return 0;
}
