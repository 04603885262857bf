/*
 * mount_unbindable.c — MS_UNBINDABLE, the fourth propagation type (Linux
 * fs/pnode.c change_mnt_propagation, do_loopback, show_mountinfo;
 * Documentation/filesystems/sharedsubtree.rst): an unbindable mount shows
 * "unbindable" in mountinfo, leaves its peer group, and neither it nor a
 * directory in it can be the source of a bind mount (EINVAL); MS_SHARED or
 * MS_PRIVATE make it bindable again; MS_REC reaches the mounts below;
 * mount_setattr takes it as a propagation.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/syscall.h>

#define SYS_MOUNT_SETATTR 442

struct mount_attr_v0 {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

int main(void)
{
	mkdir("/tmp/ub", 0755);
	mkdir("/tmp/ubb", 0755);
	R("mount tmpfs", mount("none", "/tmp/ub", "tmpfs", 0, NULL));
	mkdir("/tmp/ub/sub", 0755);
	show_mount_prop("fresh", "/tmp/ub");
	R("make unbindable", mount(NULL, "/tmp/ub", NULL, MS_UNBINDABLE, NULL));
	show_mount_prop("unbindable", "/tmp/ub");
	R("bind it", mount("/tmp/ub", "/tmp/ubb", NULL, MS_BIND, NULL));
	R("bind a directory in it", mount("/tmp/ub/sub", "/tmp/ubb", NULL, MS_BIND, NULL));
	R("rbind it", mount("/tmp/ub", "/tmp/ubb", NULL, MS_BIND | MS_REC, NULL));
	R("make shared", mount(NULL, "/tmp/ub", NULL, MS_SHARED, NULL));
	show_mount_prop("shared", "/tmp/ub");
	R("bind a directory in it", mount("/tmp/ub/sub", "/tmp/ubb", NULL, MS_BIND, NULL));
	show_mount_prop("the bind", "/tmp/ubb");
	R("umount the bind", umount("/tmp/ubb"));
	R("make unbindable again", mount(NULL, "/tmp/ub", NULL, MS_UNBINDABLE, NULL));
	show_mount_prop("unbindable, out of its group", "/tmp/ub");
	R("make private", mount(NULL, "/tmp/ub", NULL, MS_PRIVATE, NULL));
	show_mount_prop("private", "/tmp/ub");
	R("bind it", mount("/tmp/ub", "/tmp/ubb", NULL, MS_BIND, NULL));
	R("umount the bind", umount("/tmp/ubb"));

	R("mount tmpfs on sub", mount("none", "/tmp/ub/sub", "tmpfs", 0, NULL));
	R("make unbindable, recursive", mount(NULL, "/tmp/ub", NULL, MS_UNBINDABLE | MS_REC, NULL));
	show_mount_prop("top", "/tmp/ub");
	show_mount_prop("sub", "/tmp/ub/sub");
	R("bind sub", mount("/tmp/ub/sub", "/tmp/ubb", NULL, MS_BIND, NULL));
	R("unbindable with another type", mount(NULL, "/tmp/ub", NULL, MS_UNBINDABLE | MS_PRIVATE, NULL));

	struct mount_attr_v0 a = {.propagation = MS_SHARED};
	errno = 0;
	long r = syscall(SYS_MOUNT_SETATTR, AT_FDCWD, "/tmp/ub/sub", 0, &a, sizeof a);
	show_ret("mount_setattr shared", r, errno);
	show_mount_prop("sub", "/tmp/ub/sub");
	a.propagation = MS_UNBINDABLE;
	errno = 0;
	r = syscall(SYS_MOUNT_SETATTR, AT_FDCWD, "/tmp/ub/sub", 0, &a, sizeof a);
	show_ret("mount_setattr unbindable", r, errno);
	show_mount_prop("sub", "/tmp/ub/sub");

	R("umount sub", umount("/tmp/ub/sub"));
	R("umount", umount("/tmp/ub"));
	say("done\n");
	return 0;
}
