/*
 * fanotify_init_rules.c — fanotify_init and fanotify_mark's checks
 * (fs/notify/fanotify/fanotify_user.c, Linux 6.1): unknown flags and classes,
 * event_f_flags, CAP_SYS_ADMIN, the descriptor's flags and name; marks:
 * unknown flags, types and commands, empty masks, events a group without
 * FAN_REPORT_FID cannot have, permission events in a FAN_CLASS_NOTIF group,
 * not a fanotify descriptor, FAN_MARK_ONLYDIR, FAN_MARK_DONT_FOLLOW,
 * removing what is not there, FAN_MARK_FLUSH.
 */
#include "fanotify_test.h"

#include <sys/wait.h>

static void init(const char *label, unsigned flags, unsigned f_flags)
{
	errno = 0;
	int fd = fanotify_init(flags, f_flags);
	show_ret(label, fd < 0 ? -1 : 0, errno);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	init("NOTIF", FAN_CLASS_NOTIF, O_RDONLY);
	init("CONTENT", FAN_CLASS_CONTENT, O_RDONLY);
	init("PRE_CONTENT", FAN_CLASS_PRE_CONTENT, O_RDWR);
	init("class 0xc", 0xc, O_RDONLY);
	init("unknown flag 0x80000000", 0x80000000u, O_RDONLY);
	init("unknown flag 0x2000", 0x2000, O_RDONLY);
	init("REPORT_NAME without DIR_FID", FAN_REPORT_NAME, O_RDONLY);
	init("event_f_flags O_ACCMODE", 0, O_ACCMODE);
	init("event_f_flags O_CREAT", 0, O_CREAT);
	init("event_f_flags O_CLOEXEC|O_NONBLOCK|O_NOATIME", 0, O_CLOEXEC | O_NONBLOCK | O_NOATIME);
	init("UNLIMITED_QUEUE|UNLIMITED_MARKS|REPORT_TID", FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS | FAN_REPORT_TID,
	     O_RDONLY);

	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	say("F_GETFL %#x F_GETFD %d\n", fcntl(fan, F_GETFL), fcntl(fan, F_GETFD));
	char link[64], target[64] = "";
	snprintf(link, sizeof link, "/proc/self/fd/%d", fan);
	ssize_t n = readlink(link, target, sizeof target - 1);
	target[n < 0 ? 0 : n] = 0;
	say("link %s\n", target);
	int fan2 = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);
	say("FAN_CLOEXEC: F_GETFL %#x F_GETFD %d\n", fcntl(fan2, F_GETFL), fcntl(fan2, F_GETFD));
	close(fan2);

	mkdir("/tmp/fir", 0755);
	close(open("/tmp/fir/f", O_CREAT | O_WRONLY, 0644));
	symlink("f", "/tmp/fir/link");
	FM("mark add", fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("mask above 32 bits", fan, FAN_MARK_ADD, FAN_OPEN | (1ULL << 32), AT_FDCWD, "/tmp/fir/f");
	FM("unknown mark flag", fan, FAN_MARK_ADD | 0x800, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("MOUNT|FILESYSTEM", fan, FAN_MARK_ADD | FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM, FAN_OPEN, AT_FDCWD, "/tmp");
	FM("ADD|REMOVE", fan, FAN_MARK_ADD | FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("no command", fan, 0, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("empty mask", fan, FAN_MARK_ADD, 0, AT_FDCWD, "/tmp/fir/f");
	FM("FAN_Q_OVERFLOW in mask", fan, FAN_MARK_ADD, FAN_Q_OVERFLOW, AT_FDCWD, "/tmp/fir/f");
	FM("FAN_CREATE without FID", fan, FAN_MARK_ADD, FAN_CREATE, AT_FDCWD, "/tmp/fir");
	FM("FAN_ATTRIB without FID", fan, FAN_MARK_ADD, FAN_ATTRIB, AT_FDCWD, "/tmp/fir/f");
	FM("OPEN_PERM in a NOTIF group", fan, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/tmp/fir/f");
	FM("FS_ERROR on an inode", fan, FAN_MARK_ADD, FAN_FS_ERROR, AT_FDCWD, "/tmp/fir/f");
	FM("EVICTABLE on a mount", fan, FAN_MARK_ADD | FAN_MARK_MOUNT | FAN_MARK_EVICTABLE, FAN_OPEN, AT_FDCWD, "/tmp");
	FM("IGNORE|IGNORED_MASK", fan, FAN_MARK_ADD | FAN_MARK_IGNORE | FAN_MARK_IGNORED_MASK, FAN_OPEN, AT_FDCWD,
	   "/tmp/fir/f");
	FM("bad fd", 999, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("not fanotify", 0, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("ONLYDIR on a file", fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("ONLYDIR on a dir", fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN, AT_FDCWD, "/tmp/fir");
	FM("missing file", fan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fir/none");
	FM("DONT_FOLLOW on a symlink", fan, FAN_MARK_ADD | FAN_MARK_DONT_FOLLOW, FAN_OPEN, AT_FDCWD, "/tmp/fir/link");
	int dir = open("/tmp/fir", O_RDONLY | O_DIRECTORY);
	FM("dirfd and NULL path", fan, FAN_MARK_ADD, FAN_CLOSE, dir, NULL);
	FM("dirfd and relative path", fan, FAN_MARK_REMOVE, FAN_OPEN, dir, "f");
	FM("remove it again", fan, FAN_MARK_REMOVE, FAN_OPEN, dir, "f");
	FM("remove, no mark", fan, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD, "/tmp");
	FM("bad dirfd, NULL path", fan, FAN_MARK_ADD, FAN_OPEN, 999, NULL);
	FM("FLUSH with ONLYDIR", fan, FAN_MARK_FLUSH | FAN_MARK_ONLYDIR, 0, AT_FDCWD, "/tmp");
	FM("FLUSH", fan, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
	FM("FLUSH mounts", fan, FAN_MARK_FLUSH | FAN_MARK_MOUNT, 0, AT_FDCWD, NULL);
	FM("remove after flush", fan, FAN_MARK_REMOVE, FAN_CLOSE, dir, NULL);
	FM("mount mark", fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD, "/tmp");
	FM("filesystem mark", fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN, AT_FDCWD, "/tmp");
	FM("ignored mask with ONDIR only", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK, FAN_ONDIR, AT_FDCWD, "/tmp/fir");
	FM("IGNORE on a dir without SURV_MODIFY", fan, FAN_MARK_ADD | FAN_MARK_IGNORE, FAN_OPEN, AT_FDCWD, "/tmp/fir");
	FM("IGNORE on a mount without SURV_MODIFY", fan, FAN_MARK_ADD | FAN_MARK_MOUNT | FAN_MARK_IGNORE, FAN_OPEN,
	   AT_FDCWD, "/tmp");
	FM("IGNORE with ONDIR on a file", fan, FAN_MARK_ADD | FAN_MARK_IGNORE, FAN_OPEN | FAN_ONDIR, AT_FDCWD,
	   "/tmp/fir/f");
	FM("IGNORE on a file", fan, FAN_MARK_ADD | FAN_MARK_IGNORE, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	FM("then IGNORED_MASK on it", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK, FAN_OPEN, AT_FDCWD, "/tmp/fir/f");
	int content = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	FM("OPEN_PERM in a CONTENT group", content, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_ACCESS_PERM, AT_FDCWD,
	   "/tmp/fir/f");
	FM("OPEN_PERM on a proc file", content, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/proc/self/status");
	FM("OPEN on a proc file", content, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/proc/self/status");
	FM("OPEN_PERM on the proc mount", content, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN_PERM, AT_FDCWD, "/proc");
	close(content);

	/* an unprivileged user may not make a group reporting descriptors */
	pid_t pid = fork();
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534) != 0)
			say("setresuid failed\n");
		init("unprivileged NOTIF", FAN_CLASS_NOTIF, O_RDONLY);
		init("unprivileged CONTENT", FAN_CLASS_CONTENT, O_RDONLY);
		init("unprivileged UNLIMITED_QUEUE", FAN_UNLIMITED_QUEUE, O_RDONLY);
		FM("unprivileged mark on an inherited group", fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD,
		   "/tmp");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(fan);
	done();
	return 0;
}
