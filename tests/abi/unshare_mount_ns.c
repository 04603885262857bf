/*
 * unshare_mount_ns.c — mount namespaces (man 7 mount_namespaces, Linux
 * fs/namespace.c copy_mnt_ns, mntns_install): after unshare(CLONE_NEWNS) a
 * process has a copy of each of its parent's mounts; what it mounts and
 * unmounts there the parent does not see, nor does it see the parent's
 * later mounts (every mount made private first, as LTP does); its
 * /proc/self/ns/mnt is another namespace and /proc/self/mountinfo lists its
 * own mounts; setns with a /proc/PID/ns/mnt file opened before takes it
 * back, its working directory moved to the root. clone(CLONE_NEWNS) gives
 * the child a copy; clone(CLONE_NEWNS | CLONE_FS) is EINVAL; without
 * CAP_SYS_ADMIN unshare is EPERM. Two pipes order parent and child.
 */
#include "fs_test.h"

#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int to_parent[2], to_child[2];

static ino_t ns_ino(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Does this process's mountinfo have a mount point named path? */
static int mountinfo_has(const char *path)
{
	static char text[16384];
	char needle[128];
	snprintf(needle, sizeof needle, " %s ", path);
	slurp_file("/proc/self/mountinfo", text, sizeof text);
	return strstr(text, needle) != NULL;
}

static int child_status(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void child(ino_t parent_ns)
{
	char c;
	int old_ns = open("/proc/self/ns/mnt", O_RDONLY);
	R("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
	R("make / private, recursively", mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
	yesno("child: another namespace", ns_ino("/proc/self/ns/mnt") != parent_ns);
	yesno("child: the parent's tmpfs copied", exists("/tmp/mns/a/parent_file"));
	R("child: mount tmpfs on b", mount("none", "/tmp/mns/b", "tmpfs", 0, NULL));
	close(open("/tmp/mns/b/child_file", O_CREAT | O_WRONLY, 0644));
	R("child: umount a", umount("/tmp/mns/a"));
	yesno("child: a is empty now", !exists("/tmp/mns/a/parent_file"));
	yesno("child: mountinfo lists b", mountinfo_has("/tmp/mns/b"));
	yesno("child: mountinfo lists a", mountinfo_has("/tmp/mns/a"));
	write(to_parent[1], "1", 1);
	read(to_child[0], &c, 1); /* the parent looked and mounted c */
	yesno("child: the parent's later mount not seen", !exists("/tmp/mns/c/late"));
	chdir("/tmp/mns");
	R("setns back to the parent's namespace", setns(old_ns, CLONE_NEWNS));
	char cwd[64] = "";
	say("working directory after setns: %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
	yesno("back: the parent's tmpfs on a", exists("/tmp/mns/a/parent_file"));
	yesno("back: the parent's tmpfs on c", exists("/tmp/mns/c/late"));
	yesno("back: b is empty", !exists("/tmp/mns/b/child_file"));
	_exit(0);
}

int main(void)
{
	mkdir("/tmp/mns", 0755);
	mkdir("/tmp/mns/a", 0755);
	mkdir("/tmp/mns/b", 0755);
	mkdir("/tmp/mns/c", 0755);
	R("mount tmpfs on a", mount("none", "/tmp/mns/a", "tmpfs", 0, NULL));
	close(open("/tmp/mns/a/parent_file", O_CREAT | O_WRONLY, 0644));
	ino_t parent_ns = ns_ino("/proc/self/ns/mnt");
	pipe(to_parent);
	pipe(to_child);
	pid_t pid = fork();
	if (pid == 0)
		child(parent_ns);
	char c;
	read(to_parent[0], &c, 1);
	yesno("parent: the child's tmpfs on b not seen", !exists("/tmp/mns/b/child_file"));
	yesno("parent: its tmpfs on a still there", exists("/tmp/mns/a/parent_file"));
	yesno("parent: mountinfo lists b", mountinfo_has("/tmp/mns/b"));
	yesno("parent: mountinfo lists a", mountinfo_has("/tmp/mns/a"));
	R("parent: mount tmpfs on c", mount("none", "/tmp/mns/c", "tmpfs", 0, NULL));
	close(open("/tmp/mns/c/late", O_CREAT | O_WRONLY, 0644));
	write(to_child[1], "1", 1);
	say("unshared child: status %d\n", child_status(pid));

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		int moved = ns_ino("/proc/self/ns/mnt") != parent_ns;
		int gone = umount("/tmp/mns/a") == 0 && !exists("/tmp/mns/a/parent_file");
		_exit(moved && gone ? 0 : 1);
	}
	say("clone(CLONE_NEWNS) child in its own copy: status %d\n", child_status(pid));
	yesno("parent: a still mounted after the clone child's umount", exists("/tmp/mns/a/parent_file"));
	expect_err("clone(CLONE_NEWNS | CLONE_FS)", syscall(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0),
		   errno, EINVAL);

	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(9);
		expect_err("unshare(CLONE_NEWNS) without CAP_SYS_ADMIN", unshare(CLONE_NEWNS), errno, EPERM);
		_exit(0);
	}
	child_status(pid);
	R("umount a", umount("/tmp/mns/a"));
	R("umount c", umount("/tmp/mns/c"));
	done();
	return 0;
}
