/*
 * getcwd_unreachable.c — a working directory outside the root (chroot into
 * a subdirectory without chdir): Linux's getcwd (fs/d_path.c) returns
 * "(unreachable)" and the path from the top, with no leading slash, so
 * glibc's and musl's getcwd and realpath(".") fail with ENOENT
 * (CVE-2018-1000001, LTP realpath01); after chdir("/") getcwd is "/" again.
 * The work happens in a child, so the test's own root is untouched.
 */
#include "lvtest.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

int main(void)
{
	mkdir("/tmp/gcu", 0755);
	mkdir("/tmp/gcu/jail", 0755);
	chdir("/tmp/gcu");
	pid_t pid = fork();
	if (pid == 0) {
		show_ret("chroot", chroot("jail"), errno);
		char raw[PATH_MAX];
		long n = syscall(SYS_getcwd, raw, sizeof raw);
		say("raw getcwd: %ld %s\n", n, n > 0 ? raw : "-");
		errno = 0;
		char *cwd = getcwd(raw, sizeof raw);
		say("libc getcwd: %s errno %s\n", cwd ? cwd : "NULL", errname(errno));
		errno = 0;
		char *real = realpath(".", NULL);
		say("realpath: %s errno %s\n", real ? real : "NULL", errname(errno));
		chdir("/");
		n = syscall(SYS_getcwd, raw, sizeof raw);
		say("after chdir(/): %ld %s\n", n, n > 0 ? raw : "-");
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	rmdir("/tmp/gcu/jail");
	chdir("/");
	rmdir("/tmp/gcu");
	done();
	return 0;
}
