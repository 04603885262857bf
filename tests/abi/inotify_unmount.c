/*
 * inotify_unmount.c — unmounting a tmpfs with watched inodes
 * (fs/notify/fsnotify.c fsnotify_sb_delete): the umount is not refused,
 * each watch reports IN_UNMOUNT (with IN_ISDIR for a directory) and then
 * IN_IGNORED, newest inode first; the instance keeps working afterwards.
 */
#include "inotify_test.h"

#include <sys/mount.h>

int main(void)
{
	mkdir("/tmp/ium", 0755);
	R("mount", mount("none", "/tmp/ium", "tmpfs", 0, NULL));
	mkdir("/tmp/ium/d", 0755);
	close(open("/tmp/ium/f", O_CREAT | O_WRONLY, 0644));
	int in = inotify_init1(IN_NONBLOCK);
	int in2 = inotify_init1(IN_NONBLOCK);
	say("root %d\n", inotify_add_watch(in, "/tmp/ium", IN_ALL_EVENTS));
	say("f %d\n", inotify_add_watch(in, "/tmp/ium/f", IN_ATTRIB));
	say("d %d\n", inotify_add_watch(in, "/tmp/ium/d", IN_CREATE));
	say("f in second instance %d\n", inotify_add_watch(in2, "/tmp/ium/f", IN_OPEN));
	say("mount point's directory %d\n", inotify_add_watch(in, "/tmp", IN_CREATE));
	drain(in, "before");
	R("umount", umount("/tmp/ium"));
	drain(in, "after umount");
	drain(in2, "second instance");
	close(open("/tmp/ium/g", O_CREAT | O_WRONLY, 0644));
	drain(in, "create under the old mount point");
	unlink("/tmp/ium/g");
	close(in);
	close(in2);
	rmdir("/tmp/ium");
	done();
	return 0;
}
