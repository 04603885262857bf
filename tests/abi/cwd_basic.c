/*
 * cwd_basic.c — the working directory (fs/d_path.c getcwd, fs/open.c
 * chdir/fchdir) and umask (kernel/sys.c): a process starts in "/", chdir
 * into the directory holding this program makes relative opens find it,
 * ".." goes back up, a file or a missing path cannot become the cwd, and
 * getcwd reports ERANGE for a short buffer. The initial umask is 022.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

int main(int argc, char **argv)
{
	char cwd[256], dir[256];
	say("initial cwd is /: %s\n", getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0 ? "yes" : "no");
	strcpy(dir, argv[0]);
	*strrchr(dir, '/') = '\0';
	show_ret("chdir(program's directory)", chdir(dir), errno);
	say("getcwd is that directory: %s\n", getcwd(cwd, sizeof(cwd)) && strcmp(cwd, dir) == 0 ? "yes" : "no");
	int fd = open(lv_basename(argv[0]), O_RDONLY);
	say("relative open of the program works: %s\n", fd >= 0 ? "yes" : "no");
	expect_err("chdir(a file)", chdir(lv_basename(argv[0])), errno, ENOTDIR);
	expect_err("chdir(missing)", chdir("/nonexistent/dir"), errno, ENOENT);
	expect_err("chdir(\"\")", chdir(""), errno, ENOENT);
	expect_err("fchdir(a file)", fchdir(fd), errno, ENOTDIR);
	expect_err("fchdir(bad fd)", fchdir(99), errno, EBADF);
	show_ret("chdir(..)", chdir(".."), errno);
	say("cwd went up one level: %s\n",
	    getcwd(cwd, sizeof(cwd)) && strncmp(dir, cwd, strlen(cwd)) == 0 && strlen(cwd) < strlen(dir) ? "yes"
													 : "no");
	int root = open("/", O_RDONLY | O_DIRECTORY);
	show_ret("fchdir(/)", fchdir(root), errno);
	say("cwd is / again: %s\n", getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/") == 0 ? "yes" : "no");
	expect_err("getcwd(size 1)", syscall(SYS_getcwd, cwd, 1), errno, ERANGE);
	show_ret("getcwd(size 2) returns the length with NUL", syscall(SYS_getcwd, cwd, 2), errno);
	expect_err("getcwd(bad pointer)", syscall(SYS_getcwd, (void *)8, 64), errno, EFAULT);
	say("umask was 022: %s\n", umask(077) == 022 ? "yes" : "no");
	say("umask now 077: %s\n", umask(022) == 077 ? "yes" : "no");
	close(fd);
	close(root);
	done();
	return 0;
}
