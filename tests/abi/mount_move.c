/*
 * mount_move.c — mount(2) with MS_MOVE (Linux do_move_mount,
 * attach_recursive_mnt): a mount moves with the mounts below it, its old
 * place shows what was under it again; the checks: the source must be a
 * mount's root (EINVAL), not the namespace's root (EINVAL), not under a
 * shared parent (EINVAL), not moved under itself (ELOOP), directory onto
 * directory (EINVAL otherwise), no unbindable mount onto a shared
 * destination (EINVAL); a missing source is ENOENT, none EINVAL. A mount
 * moved onto a shared mount becomes shared and appears in its peers.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/stat.h>

static void there(const char *path)
{
	say("%s: %s\n", path, access(path, F_OK) == 0 ? "there" : "missing");
}

static void touch(const char *path)
{
	close(open(path, O_WRONLY | O_CREAT, 0644));
}

int main(void)
{
	mkdir("/tmp/mva", 0755);
	mkdir("/tmp/mvb", 0755);
	mkdir("/tmp/mvb/inner", 0755);
	touch("/tmp/mvb/inner/under");
	touch("/tmp/mvfile");
	R("mount a", mount("none", "/tmp/mva", "tmpfs", 0, NULL));
	touch("/tmp/mva/f");
	mkdir("/tmp/mva/sub", 0755);
	mkdir("/tmp/mva/dir", 0755);
	R("mount a/sub", mount("none", "/tmp/mva/sub", "tmpfs", 0, NULL));
	touch("/tmp/mva/sub/g");

	R("move a onto b/inner", mount("/tmp/mva", "/tmp/mvb/inner", NULL, MS_MOVE, NULL));
	there("/tmp/mva/f");
	there("/tmp/mvb/inner/f");
	there("/tmp/mvb/inner/sub/g");
	there("/tmp/mvb/inner/under");
	show_mount_prop("at the old place", "/tmp/mva");
	show_mount_prop("at the new place", "/tmp/mvb/inner");
	show_mount_prop("the one below it", "/tmp/mvb/inner/sub");

	R("move a directory that is no mount", mount("/tmp/mvb/inner/dir", "/tmp/mva", NULL, MS_MOVE, NULL));
	R("move under itself", mount("/tmp/mvb/inner", "/tmp/mvb/inner/dir", NULL, MS_MOVE, NULL));
	R("move onto itself", mount("/tmp/mvb/inner", "/tmp/mvb/inner", NULL, MS_MOVE, NULL));
	R("move the root", mount("/", "/tmp/mva", NULL, MS_MOVE, NULL));
	R("move a directory onto a file", mount("/tmp/mvb/inner", "/tmp/mvfile", NULL, MS_MOVE, NULL));
	R("move a missing source", mount("/tmp/nothing", "/tmp/mva", NULL, MS_MOVE, NULL));
	R("move no source", mount(NULL, "/tmp/mva", NULL, MS_MOVE, NULL));
	R("move b/inner/sub back to a", mount("/tmp/mvb/inner/sub", "/tmp/mva", NULL, MS_MOVE, NULL));
	there("/tmp/mva/g");

	/* shared: p and its peer p2 */
	mkdir("/tmp/mvp", 0755);
	mkdir("/tmp/mvp2", 0755);
	R("mount p", mount("none", "/tmp/mvp", "tmpfs", 0, NULL));
	R("make p shared", mount(NULL, "/tmp/mvp", NULL, MS_SHARED, NULL));
	mkdir("/tmp/mvp/q", 0755);
	mkdir("/tmp/mvp/r", 0755);
	R("bind p to p2", mount("/tmp/mvp", "/tmp/mvp2", NULL, MS_BIND, NULL));
	R("mount p/q", mount("none", "/tmp/mvp/q", "tmpfs", 0, NULL));
	R("move p/q (a shared parent)", mount("/tmp/mvp/q", "/tmp/mvb/inner/dir", NULL, MS_MOVE, NULL));
	R("make a unbindable", mount(NULL, "/tmp/mva", NULL, MS_UNBINDABLE, NULL));
	R("move unbindable a onto shared p", mount("/tmp/mva", "/tmp/mvp/r", NULL, MS_MOVE, NULL));
	R("make a private", mount(NULL, "/tmp/mva", NULL, MS_PRIVATE, NULL));
	R("move a onto shared p", mount("/tmp/mva", "/tmp/mvp/r", NULL, MS_MOVE, NULL));
	show_mount_prop("moved onto p", "/tmp/mvp/r");
	there("/tmp/mvp/r/g");
	there("/tmp/mvp2/r/g");

	R("umount p/r", umount("/tmp/mvp/r"));
	there("/tmp/mvp2/r/g");
	R("umount p/q", umount("/tmp/mvp/q"));
	R("umount p2", umount("/tmp/mvp2"));
	R("umount p", umount("/tmp/mvp"));
	R("umount b/inner", umount("/tmp/mvb/inner"));
	there("/tmp/mvb/inner/under");
	say("done\n");
	return 0;
}
