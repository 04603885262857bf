/*
 * chroot_basic.c — chroot(2) (fs/open.c): absolute names then start at the
 * new root, ".." at the root stays there, symbolic links with absolute
 * targets resolve inside it, a file is ENOTDIR, a missing directory ENOENT.
 * The work is done in a child so the test's own root is untouched.
 */
#include "fs_test.h"

#include <sys/wait.h>

int main(void)
{
	mkdir("/tmp/cr", 0755);
	mkdir("/tmp/cr/sub", 0755);
	int fd = open("/tmp/cr/inside", O_CREAT | O_WRONLY, 0644);
	write(fd, "in", 2);
	close(fd);
	symlink("/inside", "/tmp/cr/sub/abs");
	R("chroot a file", chroot("/tmp/cr/inside"));
	R("chroot missing", chroot("/tmp/cr/none"));
	pid_t pid = fork();
	if (pid == 0) {
		R("chroot", chroot("/tmp/cr"));
		R("chdir /", chdir("/"));
		char cwd[64];
		say("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
		R("/inside", access("/inside", F_OK));
		R("/../../inside", access("/../../inside", F_OK));
		R("/tmp is not there", access("/tmp", F_OK));
		char buf[4] = {0};
		int f = open("/sub/abs", O_RDONLY);
		say("through an absolute link: %zd '%s'\n", read(f, buf, 3), buf);
		chdir("/sub");
		say("getcwd in sub: %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));
	R("parent root unchanged", access("/tmp/cr/inside", F_OK));
	unlink("/tmp/cr/sub/abs");
	rmdir("/tmp/cr/sub");
	unlink("/tmp/cr/inside");
	R("cleanup", rmdir("/tmp/cr"));
	done();
	return 0;
}
