/*
 * procfs_sysfs_create_errors.c — a new name cannot be made in procfs or
 * sysfs, and the errno tells which: procfs's lookup of a missing name fails
 * (ERR_PTR(-ENOENT)), so open(O_CREAT), mkdir, mknod and symlink there are
 * ENOENT, root or not (fs/namei.c lookup_open, filename_create); sysfs's
 * (kernfs_iop_lookup) leaves a negative dentry, so O_CREAT goes on to the
 * missing create operation, EACCES (or EACCES from the 0555 directory for
 * a non-root caller, may_o_create), and mkdir to EPERM.
 */
#include "fs_test.h"
#include <sys/mount.h>
#include <sys/wait.h>

static const char *const names[] = {"/proc/newfile",	 "/proc/self/newfile",
				    "/proc/sys/newfile", "/proc/sys/kernel/newfile",
				    "/sys/newfile",	 "/sys/kernel/newfile"};

static void try_all(const char *who)
{
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		char label[96];
		snprintf(label, sizeof label, "%s O_CREAT %s", who, names[i]);
		R(label, open(names[i], O_WRONLY | O_CREAT, 0644));
		snprintf(label, sizeof label, "%s O_CREAT|O_EXCL %s", who, names[i]);
		R(label, open(names[i], O_RDWR | O_CREAT | O_EXCL, 0644));
	}
}

int main(void)
{
	mkdir("/sys", 0555);
	R("mount sysfs", mount("sysfs", "/sys", "sysfs", 0, NULL));
	try_all("root");
	R("mkdir /proc/newdir", mkdir("/proc/newdir", 0755));
	R("mknod /proc/self/fifo", mknod("/proc/self/fifo", S_IFIFO | 0644, 0));
	R("symlink /proc/newlink", symlink("x", "/proc/newlink"));
	R("mkdir /sys/newdir", mkdir("/sys/newdir", 0755));
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		try_all("user");
		R("user mkdir /proc/newdir", mkdir("/proc/newdir", 0755));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);
	umount("/sys");
	done();
	return 0;
}
