/*
 * fanotify_unmount.c — marks on a file system that goes (Linux
 * fsnotify_sb_delete, fsnotify_vfsmount_delete): inode, mount and
 * filesystem marks do not keep a tmpfs busy, and unmounting it takes them
 * all away (the group's fdinfo lists none); queued events keep their files,
 * so with one unread the unmount is EBUSY, as Linux's.
 */
#include "fanotify_test.h"

#include <sys/mount.h>

static void count_marks(const char *label, int fan)
{
	char path[64], text[4096];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fan);
	slurp_file(path, text, sizeof text);
	int marks = 0;
	for (char *p = text; (p = strstr(p, "fanotify ")); p++)
		marks += strncmp(p, "fanotify flags:", 15) != 0;
	say("%s: %d marks\n", label, marks);
}

int main(void)
{
	mkdir("/tmp/fum", 0755);
	R("mount", mount("none", "/tmp/fum", "tmpfs", 0, NULL));
	mkdir("/tmp/fum/d", 0755);
	close(open("/tmp/fum/d/f", O_CREAT | O_WRONLY, 0644));
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	FM("inode mark", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fum/d");
	FM("file mark", fan, FAN_MARK_ADD, FAN_CLOSE, AT_FDCWD, "/tmp/fum/d/f");
	FM("mount mark", fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD, "/tmp/fum");
	FM("filesystem mark", fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN, AT_FDCWD, "/tmp/fum");
	count_marks("marked", fan);
	close(open("/tmp/fum/d/f", O_RDONLY));
	R("umount with an event queued", umount("/tmp/fum"));
	fan_drain(fan, "events");
	R("umount", umount("/tmp/fum"));
	count_marks("after umount", fan);
	R("mount again", mount("none", "/tmp/fum", "tmpfs", 0, NULL));
	close(open("/tmp/fum/g", O_CREAT | O_WRONLY, 0644));
	fan_drain(fan, "a new tmpfs there");
	R("umount", umount("/tmp/fum"));
	close(fan);
	done();
	return 0;
}
