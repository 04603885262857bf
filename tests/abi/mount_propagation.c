/*
 * mount_propagation.c — shared subtrees (Documentation/filesystems/
 * sharedsubtree.rst, Linux fs/pnode.c) and mount_setattr(2): in a private
 * mount namespace, a tmpfs made shared (mountinfo "shared:N") and bound
 * elsewhere gives two peers: a mount under one appears under the other, and
 * an umount goes from both (EBUSY while a copy is in use); made a slave
 * (master:N), the bind receives the peer's mounts but does not send its own; made private, it receives
 * nothing. A namespace copied from a shared mount receives the parent's
 * later mounts there. mount_setattr's checks: a no-op is 0, a bad
 * propagation or flag EINVAL, a short size EINVAL, junk past the struct
 * E2BIG; it sets MS_SHARED and read-only. Pipes order parent and child.
 */
#include "fs_test.h"

#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef MOUNT_ATTR_RDONLY
struct mount_attr {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};
#define MOUNT_ATTR_RDONLY 0x1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* The optional fields of the mount at path in mountinfo ("-" for none). */
static void show_tags(const char *label, const char *path)
{
	static char text[16384];
	char needle[128], tags[128] = "(none)";
	snprintf(needle, sizeof needle, " %s ", path);
	slurp_file("/proc/self/mountinfo", text, sizeof text);
	char *line = strstr(text, needle);
	if (line) {
		char *opts = strchr(line + strlen(needle), ' '); /* past the mount options */
		char *dash = opts ? strstr(opts, " - ") : NULL;
		if (dash) {
			size_t n = (size_t)(dash - opts);
			snprintf(tags, sizeof tags, "%.*s", (int)(n < sizeof tags ? n : sizeof tags - 1), opts);
		}
	}
	say("%s: tags [%s]\n", label, tags);
}

static long setattr(const char *path, unsigned flags, struct mount_attr *a, size_t size)
{
	return syscall(SYS_mount_setattr, -1, path, flags, a, size);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void setattr_checks(void)
{
	struct mount_attr a = {0};
	R("mount_setattr no-op", setattr("/tmp/mp/a", 0, &a, sizeof a));
	a.propagation = (unsigned long long)-1;
	R("propagation -1", setattr("/tmp/mp/a", 0, &a, sizeof a));
	a.propagation = 0;
	a.attr_set = 0x40000000;
	R("unknown attribute", setattr("/tmp/mp/a", 0, &a, sizeof a));
	a.attr_set = 0;
	R("size 24", setattr("/tmp/mp/a", 0, &a, 24));
	R("bad flags", setattr("/tmp/mp/a", 0x1, &a, sizeof a));
	struct {
		struct mount_attr a;
		unsigned long long junk;
	} big = {{.propagation = MS_PRIVATE}, 1};
	R("junk past the struct", setattr("/tmp/mp/a", 0, &big.a, sizeof big));
	a.attr_set = MOUNT_ATTR_RDONLY;
	R("not a mount root", setattr("/tmp/mp", 0, &a, sizeof a));
	R("read-only", setattr("/tmp/mp/a", 0, &a, sizeof a));
	R("create on it", open("/tmp/mp/a/ro", O_CREAT | O_WRONLY, 0644));
	a.attr_set = 0;
	a.attr_clr = MOUNT_ATTR_RDONLY;
	R("writable again", setattr("/tmp/mp/a", 0, &a, sizeof a));
	a.attr_clr = 0;
	a.propagation = MS_SHARED;
	R("MS_SHARED by mount_setattr", setattr("/tmp/mp/a", AT_RECURSIVE, &a, sizeof a));
}

int main(void)
{
	int to_parent[2], to_child[2];
	char c;
	pipe(to_parent);
	pipe(to_child);
	R("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
	R("make / private", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir("/tmp/mp", 0755);
	mkdir("/tmp/mp/a", 0755);
	mkdir("/tmp/mp/b", 0755);
	R("mount tmpfs on a", mount("none", "/tmp/mp/a", "tmpfs", 0, NULL));
	show_tags("a private", "/tmp/mp/a");
	setattr_checks();
	show_tags("a shared", "/tmp/mp/a");
	mkdir("/tmp/mp/a/sub", 0755);
	mkdir("/tmp/mp/a/other", 0755);
	R("bind a on b", mount("/tmp/mp/a", "/tmp/mp/b", NULL, MS_BIND, NULL));
	show_tags("b, a's peer", "/tmp/mp/b");
	R("mount tmpfs on a/sub", mount("none", "/tmp/mp/a/sub", "tmpfs", 0, NULL));
	close(open("/tmp/mp/a/sub/f", O_CREAT | O_WRONLY, 0644));
	yesno("b/sub shows it", exists("/tmp/mp/b/sub/f"));
	show_tags("b/sub", "/tmp/mp/b/sub");
	int busy = open("/tmp/mp/b/sub/f", O_RDONLY);
	R("umount a/sub while b/sub's copy is in use", umount("/tmp/mp/a/sub"));
	close(busy);
	R("umount b/sub", umount("/tmp/mp/b/sub"));
	yesno("a/sub went with it", !exists("/tmp/mp/a/sub/f"));

	pid_t pid = fork();
	if (pid == 0) { /* a copy of the namespace: its a and b are peers of ours */
		R("child: unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
		write(to_parent[1], "1", 1);
		read(to_child[0], &c, 1);
		yesno("child: the parent's later mount on a/other arrived", exists("/tmp/mp/a/other/g"));
		_exit(0);
	}
	read(to_parent[0], &c, 1);
	R("mount tmpfs on a/other", mount("none", "/tmp/mp/a/other", "tmpfs", 0, NULL));
	close(open("/tmp/mp/a/other/g", O_CREAT | O_WRONLY, 0644));
	write(to_child[1], "1", 1);
	int st;
	waitpid(pid, &st, 0);
	R("umount a/other", umount("/tmp/mp/a/other"));

	R("make b a slave", mount("none", "/tmp/mp/b", NULL, MS_SLAVE, NULL));
	show_tags("b, a slave", "/tmp/mp/b");
	show_tags("a, its master", "/tmp/mp/a");
	R("mount tmpfs on a/sub", mount("none", "/tmp/mp/a/sub", "tmpfs", 0, NULL));
	yesno("b/sub receives it", exists("/tmp/mp/b/sub") && umount("/tmp/mp/b/sub") == 0);
	R("mount tmpfs on b/other", mount("none", "/tmp/mp/b/other", "tmpfs", 0, NULL));
	close(open("/tmp/mp/b/other/h", O_CREAT | O_WRONLY, 0644));
	yesno("a/other does not", !exists("/tmp/mp/a/other/h"));
	R("umount b/other", umount("/tmp/mp/b/other"));
	R("make b private", mount("none", "/tmp/mp/b", NULL, MS_PRIVATE, NULL));
	show_tags("b, private", "/tmp/mp/b");
	R("umount a/sub", umount("/tmp/mp/a/sub"));
	R("mount tmpfs on a/sub again", mount("none", "/tmp/mp/a/sub", "tmpfs", 0, NULL));
	close(open("/tmp/mp/a/sub/k", O_CREAT | O_WRONLY, 0644));
	yesno("b/sub does not receive it", !exists("/tmp/mp/b/sub/k"));
	R("MS_SHARED with another flag", mount("none", "/tmp/mp/a", NULL, MS_SHARED | MS_NOSUID, NULL));
	R("MS_SHARED | MS_PRIVATE", mount("none", "/tmp/mp/a", NULL, MS_SHARED | MS_PRIVATE, NULL));
	R("umount a/sub", umount("/tmp/mp/a/sub"));
	R("umount b", umount("/tmp/mp/b"));
	R("umount a", umount("/tmp/mp/a"));
	done();
	return 0;
}
