/*
 * exec_addr_no_randomize.c — the personality flag ADDR_NO_RANDOMIZE
 * (setarch -R, personality(2)) turns address-space randomisation off for
 * the process's next execs: two execs with it place the stack, the first
 * anonymous mmap, the break and the program's code at the same addresses;
 * two without it do not (Linux load_elf_binary sets PF_RANDOMIZE only
 * when the flag is clear). The flag survives exec, also one that changes
 * ids (real uid 1000, effective 0), and an exec that gains capabilities
 * (root after dropping its permitted set with capset) clears it first
 * (PER_CLEAR_ON_SETID, commoncap.c cap_bprm_creds_from_cred), so that exec
 * is randomised.
 * Each exec of this program with "report FD" writes what it sees into a
 * pipe; only comparisons are printed, never addresses.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

struct layout {
	unsigned long stack, mmap, brk, code, persona;
};

static void report(int fd)
{
	int local = 0;
	struct layout l = {
		.stack = (unsigned long)&local,
		.mmap = (unsigned long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		.brk = (unsigned long)syscall(SYS_brk, 0),
		.code = (unsigned long)&report,
		.persona = (unsigned long)personality(0xffffffff),
	};
	if (write(fd, &l, sizeof(l)) != (ssize_t)sizeof(l))
		_exit(2);
	_exit(0);
}

enum how { PLAIN, OTHER_IDS, DROP_CAPS };

/* Drops every permitted capability (root keeps uid 0). */
static void drop_caps(void)
{
	unsigned header[2] = {0x20080522 /* _LINUX_CAPABILITY_VERSION_3 */, 0 /* this process */};
	unsigned data[6] = {0}; /* effective, permitted, inheritable for capabilities 0-31, then 32-63 */
	if (syscall(SYS_capset, header, data))
		_exit(3);
}

/* Runs this program again with flags in its personality, after how. */
static struct layout run(const char *self, unsigned long flags, enum how how)
{
	int p[2];
	struct layout l = {0};
	if (pipe(p))
		return l;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		if (how == OTHER_IDS)
			syscall(SYS_setresuid, 1000, 0, 1000);
		if (how == DROP_CAPS)
			drop_caps();
		personality(flags);
		char fd[16];
		snprintf(fd, sizeof(fd), "%d", p[1]);
		char *args[] = {(char *)self, "report", fd, NULL};
		char *env[] = {NULL};
		execve(self, args, env);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &l, sizeof(l)) != (ssize_t)sizeof(l))
		say("short report\n");
	close(p[0]);
	waitpid(pid, NULL, 0);
	return l;
}

static void compare(const char *label, struct layout a, struct layout b)
{
	int same = a.stack == b.stack && a.mmap == b.mmap && a.brk == b.brk && a.code == b.code;
	say("%s: layout %s, personality after exec 0x%lx 0x%lx\n", label, same ? "same" : "differs", a.persona,
	    b.persona);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "report") == 0)
		report(atoi(argv[2]));
	compare("ADDR_NO_RANDOMIZE", run(argv[0], ADDR_NO_RANDOMIZE, PLAIN), run(argv[0], ADDR_NO_RANDOMIZE, PLAIN));
	compare("randomised", run(argv[0], 0, PLAIN), run(argv[0], 0, PLAIN));
	compare("ADDR_NO_RANDOMIZE, other ids", run(argv[0], ADDR_NO_RANDOMIZE, OTHER_IDS),
		run(argv[0], ADDR_NO_RANDOMIZE, OTHER_IDS));
	compare("ADDR_NO_RANDOMIZE, capabilities gained", run(argv[0], ADDR_NO_RANDOMIZE, DROP_CAPS),
		run(argv[0], ADDR_NO_RANDOMIZE, DROP_CAPS));
	say("parent personality 0x%x\n", personality(0xffffffff));
	done();
	return 0;
}
