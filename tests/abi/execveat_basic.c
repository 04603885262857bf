/* execveat_basic: execveat(2) (Linux fs/exec.c do_execveat_common) runs
 * this program again: by a name relative to a directory descriptor, from
 * its own descriptor with AT_EMPTY_PATH (an O_RDONLY and an O_PATH one),
 * and by an absolute name that ignores the descriptor; the new program's
 * AT_EXECFN is "/dev/fd/N/name" or "/dev/fd/N" as Linux makes it. The
 * errors: unknown flags (EINVAL), a bad descriptor (EBADF), a file as the
 * directory (ENOTDIR), a symbolic link with AT_SYMLINK_NOFOLLOW (ELOOP),
 * an empty name without AT_EMPTY_PATH (ENOENT). */
#include "execveat_test.h"
#include <libgen.h>
#include <sys/auxv.h>

/* Runs execveat in a child; the new program prints its AT_EXECFN. */
static void run(const char *label, int dirfd, const char *name, int flags)
{
	char *const argv[] = {"execveat_basic", "child", (char *)label, NULL};
	execveat_run(label, argv, dirfd, name, flags);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "child") == 0) {
		say("%s: running, AT_EXECFN %s\n", argv[2], (const char *)getauxval(AT_EXECFN));
		return 0;
	}
	char self[256];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return 1;
	self[n] = 0;
	char dir[256], base[256];
	strcpy(dir, self);
	strcpy(base, self);
	int dirfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	const char *name = basename(base);
	run("relative to a directory", dirfd, name, 0);
	int fd = open(self, O_RDONLY);
	run("AT_EMPTY_PATH, O_RDONLY", fd, "", AT_EMPTY_PATH);
	int pathfd = open(self, O_PATH);
	run("AT_EMPTY_PATH, O_PATH", pathfd, "", AT_EMPTY_PATH);
	run("absolute, bad dirfd", -5, self, 0);
	run("AT_FDCWD, absolute", AT_FDCWD, self, 0);
	run("unknown flag", dirfd, name, 0x1);
	run("bad dirfd", 99, name, 0);
	run("file as the directory", fd, name, 0);
	unlink("/tmp/execveat_link");
	if (symlink(self, "/tmp/execveat_link") == 0) {
		run("link followed", AT_FDCWD, "/tmp/execveat_link", 0);
		run("AT_SYMLINK_NOFOLLOW on a link", AT_FDCWD, "/tmp/execveat_link", AT_SYMLINK_NOFOLLOW);
		unlink("/tmp/execveat_link");
	}
	run("empty name without AT_EMPTY_PATH", fd, "", 0);
	done();
	return 0;
}
