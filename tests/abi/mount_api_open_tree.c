/*
 * mount_api_open_tree.c — open_tree and move_mount (Linux 6.1
 * fs/namespace.c): open_tree without OPEN_TREE_CLONE is an O_PATH open of
 * the place; with it, a detached copy of the mount (AT_RECURSIVE: and of
 * the mounts below it) that move_mount attaches anywhere, as a bind mount
 * would be; closing the descriptor of a copy never attached takes it away.
 * move_mount's checks (a mount's root, directory onto directory, not under
 * itself), the unbindable rule, and what an unprivileged caller may do.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define NR_OPEN_TREE 428
#define NR_MOVE_MOUNT 429
#define NR_FSOPEN 430
#define NR_FSMOUNT 432
#define NR_FSPICK 433

#define TREE_CLONE 1
#define RECURSIVE 0x8000 /* AT_RECURSIVE */
#define F_EMPTY_PATH 0x4

static long open_tree_(int dfd, const char *path, unsigned flags)
{
	return syscall(NR_OPEN_TREE, dfd, path, flags);
}

static long move_mount_(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
	return syscall(NR_MOVE_MOUNT, from_dfd, from, to_dfd, to, flags);
}

static long attach(int tree, const char *to)
{
	return move_mount_(tree, "", AT_FDCWD, to, F_EMPTY_PATH);
}

static void there(const char *path)
{
	say("%s: %s\n", path, access(path, F_OK) == 0 ? "there" : "missing");
}

static void touch(const char *path)
{
	close(open(path, O_WRONLY | O_CREAT, 0644));
}

static int mount_count(void)
{
	static char text[16384];
	if (slurp_file("/proc/self/mountinfo", text, sizeof text) < 0)
		return -1;
	int n = 0;
	for (char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

/* A process without privilege: which calls it may make. */
static void unprivileged(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(1);
		R("unprivileged fsopen", syscall(NR_FSOPEN, "tmpfs", 0));
		R("unprivileged fspick", syscall(NR_FSPICK, AT_FDCWD, "/tmp/ota", 0));
		R("unprivileged fsmount", syscall(NR_FSMOUNT, 999, 0, 0));
		R("unprivileged open_tree clone", open_tree_(AT_FDCWD, "/tmp/ota", TREE_CLONE));
		int fd = (int)open_tree_(AT_FDCWD, "/tmp/ota", 0);
		R("unprivileged open_tree", fd);
		R("unprivileged move_mount", move_mount_(fd, "", AT_FDCWD, "/tmp/otb", F_EMPTY_PATH));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	mkdir("/tmp/ota", 0755);
	mkdir("/tmp/otb", 0755);
	mkdir("/tmp/otc", 0755);
	mkdir("/tmp/otd", 0755);
	touch("/tmp/otfile");
	int before = mount_count();
	R("mount a", mount("none", "/tmp/ota", "tmpfs", 0, NULL));
	touch("/tmp/ota/f");
	mkdir("/tmp/ota/sub", 0755);
	mkdir("/tmp/ota/dir", 0755);
	R("mount a/sub", mount("none", "/tmp/ota/sub", "tmpfs", 0, NULL));
	touch("/tmp/ota/sub/g");

	R("open_tree with an unknown flag", open_tree_(AT_FDCWD, "/tmp/ota", 0x2));
	R("open_tree AT_RECURSIVE without OPEN_TREE_CLONE", open_tree_(AT_FDCWD, "/tmp/ota", RECURSIVE));
	R("open_tree of a missing path", open_tree_(AT_FDCWD, "/tmp/nothing", 0));
	R("open_tree of an empty path", open_tree_(AT_FDCWD, "", 0));
	int plain = (int)open_tree_(AT_FDCWD, "/tmp/ota", O_CLOEXEC);
	R("open_tree", plain);
	say("O_PATH %d, close-on-exec %d\n", (fcntl(plain, F_GETFL) & O_PATH) != 0,
	    fcntl(plain, F_GETFD) == FD_CLOEXEC);
	char c;
	R("read of it", read(plain, &c, 1));
	R("openat through it", close(openat(plain, "f", O_RDONLY)));
	R("move_mount of an attached mount by its fd", attach(plain, "/tmp/otd"));
	there("/tmp/otd/f");
	R("move it back", move_mount_(AT_FDCWD, "/tmp/otd", AT_FDCWD, "/tmp/ota", 0));
	close(plain);

	int one = (int)open_tree_(AT_FDCWD, "/tmp/ota", TREE_CLONE);
	R("open_tree clone", one);
	R("a file through the copy", faccessat(one, "f", F_OK, 0));
	R("what is under sub through the copy", faccessat(one, "sub/g", F_OK, 0));
	say("mounts added by the copy: %d\n", mount_count() - before - 2);
	R("attach the copy", attach(one, "/tmp/otb"));
	there("/tmp/otb/f");
	there("/tmp/otb/sub/g");
	touch("/tmp/otb/fromb");
	there("/tmp/ota/fromb");

	int all = (int)open_tree_(AT_FDCWD, "/tmp/ota", TREE_CLONE | RECURSIVE | O_CLOEXEC);
	R("open_tree recursive clone", all);
	say("close-on-exec %d\n", fcntl(all, F_GETFD) == FD_CLOEXEC);
	R("what is under sub through the recursive copy", faccessat(all, "sub/g", F_OK, 0));
	int inner = openat(all, "dir", O_PATH);
	R("move_mount of a directory in the copy", attach(inner, "/tmp/otc"));
	close(inner);
	R("move_mount of the copy onto a file", attach(all, "/tmp/otfile"));
	R("attach the recursive copy", attach(all, "/tmp/otc"));
	there("/tmp/otc/sub/g");
	R("move a under itself", move_mount_(AT_FDCWD, "/tmp/ota", AT_FDCWD, "/tmp/ota/dir", 0));
	R("move a plain directory", move_mount_(AT_FDCWD, "/tmp/ota/dir", AT_FDCWD, "/tmp/otd", 0));

	int dropped = (int)open_tree_(AT_FDCWD, "/tmp/ota", TREE_CLONE | RECURSIVE);
	R("a copy never attached", dropped);
	close(dropped);
	say("mounts: %d more than at the start\n", mount_count() - before);

	R("make otc unbindable", mount(NULL, "/tmp/otc", NULL, MS_UNBINDABLE, NULL));
	R("open_tree clone of an unbindable mount", open_tree_(AT_FDCWD, "/tmp/otc", TREE_CLONE));
	unprivileged();

	R("umount otc/sub", umount("/tmp/otc/sub"));
	R("umount otc", umount("/tmp/otc"));
	R("umount otb", umount("/tmp/otb"));
	R("umount a/sub", umount("/tmp/ota/sub"));
	R("umount a", umount("/tmp/ota"));
	close(one);
	close(all);
	R("umount otc once its descriptors are closed", umount("/tmp/otc"));
	R("umount otb once its descriptors are closed", umount("/tmp/otb"));
	say("mounts: %d more than at the start\n", mount_count() - before);
	done();
	return 0;
}
