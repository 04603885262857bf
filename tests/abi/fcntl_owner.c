/*
 * fcntl_owner.c — F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX, F_SETSIG and
 * F_GETSIG (Linux 6.1 fs/fcntl.c): a new file has no owner (F_OWNER_TID, 0),
 * a process, a thread or a process group can own it, a negative F_SETOWN is
 * a process group, an unknown number is ESRCH, INT_MIN and a bad
 * F_SETOWN_EX type EINVAL, an owner that exits reads back as 0 (its kind
 * stays), F_SETSIG takes 0..64; an O_PATH descriptor is EBADF.
 */
#include "fs_test.h"
#include "gate_test.h"

#include <limits.h>
#include <signal.h>
#include <sys/wait.h>

static void show_ex(const char *label, int fd)
{
	struct f_owner_ex o = {-1, -1};
	errno = 0;
	long r = fcntl(fd, F_GETOWN_EX, &o);
	if (r < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: type %d pid %s\n", label, o.type,
		    o.pid == 0		 ? "0"
		    : o.pid == getpid()	 ? "self"
		    : o.pid == getpgrp() ? "pgrp"
					 : "other");
}

int main(void)
{
	int fd = open("/tmp/fown", O_CREAT | O_RDWR, 0644);
	say("new file F_GETOWN: %d\n", fcntl(fd, F_GETOWN));
	show_ex("new file", fd);
	say("F_GETSIG: %d\n", fcntl(fd, F_GETSIG));

	R("F_SETOWN self", fcntl(fd, F_SETOWN, getpid()));
	say("F_GETOWN is self: %d\n", fcntl(fd, F_GETOWN) == getpid());
	show_ex("after F_SETOWN self", fd);
	setpgid(0, 0);
	R("F_SETOWN -pgrp", fcntl(fd, F_SETOWN, -getpgrp()));
	say("F_GETOWN is -pgrp: %d\n", fcntl(fd, F_GETOWN) == -getpgrp());
	show_ex("after F_SETOWN -pgrp", fd);
	R("F_SETOWN unknown", fcntl(fd, F_SETOWN, 77777));
	R("F_SETOWN INT_MIN", fcntl(fd, F_SETOWN, INT_MIN));
	R("F_SETOWN 0", fcntl(fd, F_SETOWN, 0));
	show_ex("after F_SETOWN 0", fd);

	struct f_owner_ex o = {F_OWNER_TID, getpid()};
	R("F_SETOWN_EX tid", fcntl(fd, F_SETOWN_EX, &o));
	show_ex("after F_SETOWN_EX tid", fd);
	say("F_GETOWN of a thread owner is self: %d\n", fcntl(fd, F_GETOWN) == getpid());
	o.type = 3;
	R("F_SETOWN_EX type 3", fcntl(fd, F_SETOWN_EX, &o));
	o.type = F_OWNER_PID;
	o.pid = 77777;
	R("F_SETOWN_EX unknown", fcntl(fd, F_SETOWN_EX, &o));
	R("F_SETOWN_EX bad pointer", fcntl(fd, F_SETOWN_EX, (void *)8));
	R("F_GETOWN_EX bad pointer", fcntl(fd, F_GETOWN_EX, (void *)8));

	int go[2];
	pid_t child = fork_at_gate(go);
	if (child == 0)
		_exit(0);
	R("F_SETOWN child", fcntl(fd, F_SETOWN, child));
	say("F_GETOWN is child: %d\n", fcntl(fd, F_GETOWN) == child);
	gate_open(go);
	waitpid(child, NULL, 0);
	say("F_GETOWN after the child was reaped: %d\n", fcntl(fd, F_GETOWN));
	show_ex("after the child was reaped", fd);

	R("F_SETSIG SIGUSR1", fcntl(fd, F_SETSIG, SIGUSR1));
	say("F_GETSIG: %d\n", fcntl(fd, F_GETSIG));
	R("F_SETSIG 64", fcntl(fd, F_SETSIG, 64));
	R("F_SETSIG 65", fcntl(fd, F_SETSIG, 65));
	R("F_SETSIG -1", fcntl(fd, F_SETSIG, -1));
	say("F_GETSIG: %d\n", fcntl(fd, F_GETSIG));
	int dup = fcntl(fd, F_DUPFD, 0);
	say("a dup shares it: %d\n", fcntl(dup, F_GETSIG));
	int again = open("/tmp/fown", O_RDONLY);
	say("another open does not: %d\n", fcntl(again, F_GETSIG));
	int pfd = open("/tmp/fown", O_PATH);
	R("O_PATH F_SETOWN", fcntl(pfd, F_SETOWN, getpid()));
	R("O_PATH F_GETOWN", fcntl(pfd, F_GETOWN));
	unlink("/tmp/fown");
	done();
	return 0;
}
