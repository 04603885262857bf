/*
 * auxv_ids_secure.c — the ids in the auxiliary vector (getauxval(3)):
 * AT_UID, AT_EUID, AT_GID, AT_EGID are the process's ids at exec, and
 * AT_SECURE is set when the effective ids differ from the real ones (a
 * privilege-changing exec, security/commoncap.c). A child sets real ids
 * 1000/100 with effective ids 0 and execs this program again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

static void show_aux(const char *label)
{
	say("%s: AT_UID %lu AT_EUID %lu AT_GID %lu AT_EGID %lu AT_SECURE %lu\n", label, getauxval(AT_UID),
	    getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID), getauxval(AT_SECURE));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "again") == 0) {
		show_aux("after exec");
		uid_t r, e, s;
		getresuid(&r, &e, &s);
		say("ids after exec: %d/%d/%d\n", (int)r, (int)e, (int)s);
		return 0;
	}
	show_aux("root");
	pid_t pid = fork();
	if (pid == 0) {
		syscall(SYS_setresgid, 100, 0, 0);
		syscall(SYS_setresuid, 1000, 0, 1000);
		char *args[] = {argv[0], "again", NULL};
		char *env[] = {NULL};
		execve(argv[0], args, env);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
