/*
 * fanotify_fdinfo.c — /proc/self/fdinfo of a fanotify group and of an event
 * descriptor (Linux fs/notify/fdinfo.c fanotify_fdinfo, fs/proc/fd.c): the
 * group's "fanotify flags:.. event-flags:.." line, then one line per mark,
 * newest first: an inode's (ino, sdev, mflags, mask, ignored_mask and its
 * file handle), a mount's (mnt_id) and a file system's (sdev). Inode
 * numbers, devices and mount ids are checked against stat(2) and the
 * fdinfo of a descriptor of the place, not printed; the handle's first four
 * bytes (tmpfs's random i_generation on Linux) are left out. The event
 * descriptor's flags include FMODE_NONOTIFY's bit.
 */
#include "fanotify_test.h"

#include <sys/sysmacros.h>

static char text[4096];

/* The number after "key:" in fd's fdinfo. */
static long fdinfo_field(int fd, const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	slurp_file(path, text, sizeof text);
	char *p = strstr(text, key);
	return p ? strtol(p + strlen(key), NULL, key[0] == 'f' ? 8 : 10) : -1;
}

static void show(const char *label, int fan, int tmp_fd)
{
	struct stat dir_st, file_st, tmp_st;
	stat("/tmp/ffi", &dir_st);
	stat("/tmp/ffi/f", &file_st);
	fstat(tmp_fd, &tmp_st);
	long mnt_id = fdinfo_field(tmp_fd, "mnt_id:");
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fan);
	slurp_file(path, text, sizeof text);
	say("%s:\n", label);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned a, b, sdev, mflags, mask, ignored, bytes, type, id;
		unsigned long ino;
		char handle[64];
		if (sscanf(line, "fanotify flags:%x event-flags:%x", &a, &b) == 2) {
			say("  flags %x event-flags %x\n", a, b);
		} else if (sscanf(line,
				  "fanotify ino:%lx sdev:%x mflags:%x mask:%x ignored_mask:%x fhandle-bytes:%x "
				  "fhandle-type:%x f_handle:%63s",
				  &ino, &sdev, &mflags, &mask, &ignored, &bytes, &type, handle) == 8) {
			const struct stat *st = ino == dir_st.st_ino ? &dir_st : &file_st;
			unsigned long long i = st->st_ino;
			char want[32];
			snprintf(want, sizeof want, "%02x%02x%02x%02x%02x%02x%02x%02x", (unsigned)(i & 0xff),
				 (unsigned)(i >> 8 & 0xff), (unsigned)(i >> 16 & 0xff), (unsigned)(i >> 24 & 0xff),
				 (unsigned)(i >> 32 & 0xff), (unsigned)(i >> 40 & 0xff), (unsigned)(i >> 48 & 0xff),
				 (unsigned)(i >> 56 & 0xff));
			say("  inode mark on the %s: ino ok %d, sdev ok %d, mflags %x mask %x ignored_mask %x, "
			    "fhandle-bytes %x type %x, handle ok %d\n",
			    st == &dir_st ? "directory" : "file", ino == st->st_ino,
			    sdev == (major(st->st_dev) << 20 | minor(st->st_dev)), mflags, mask, ignored, bytes, type,
			    strlen(handle) == 24 && strcmp(handle + 8, want) == 0);
		} else if (sscanf(line, "fanotify mnt_id:%x mflags:%x mask:%x ignored_mask:%x", &id, &mflags, &mask,
				  &ignored) == 4) {
			say("  mount mark: mnt_id ok %d, mflags %x mask %x ignored_mask %x\n", (long)id == mnt_id,
			    mflags, mask, ignored);
		} else if (sscanf(line, "fanotify sdev:%x mflags:%x mask:%x ignored_mask:%x", &sdev, &mflags, &mask,
				  &ignored) == 4) {
			say("  filesystem mark: sdev ok %d, mflags %x mask %x ignored_mask %x\n",
			    sdev == (major(tmp_st.st_dev) << 20 | minor(tmp_st.st_dev)), mflags, mask, ignored);
		} else if (strncmp(line, "fanotify", 8) == 0) {
			say("  unparsed: %s\n", line);
		}
	}
}

int main(void)
{
	mkdir("/tmp/ffi", 0755);
	close(open("/tmp/ffi/f", O_CREAT | O_WRONLY, 0644));
	int tmp_fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	int fan = fanotify_init(FAN_CLASS_CONTENT | FAN_NONBLOCK | FAN_REPORT_TID, O_RDONLY | O_CLOEXEC | O_NOATIME);
	show("no marks", fan, tmp_fd);
	FM("dir mark", fan, FAN_MARK_ADD, FAN_OPEN | FAN_EVENT_ON_CHILD | FAN_ONDIR, AT_FDCWD, "/tmp/ffi");
	FM("file mark", fan, FAN_MARK_ADD, FAN_ACCESS_PERM | FAN_CLOSE, AT_FDCWD, "/tmp/ffi/f");
	FM("file ignore, surviving", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY,
	   FAN_MODIFY, AT_FDCWD, "/tmp/ffi/f");
	FM("mount mark", fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_CLOSE_WRITE, AT_FDCWD, "/tmp");
	FM("filesystem mark", fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_OPEN_PERM, AT_FDCWD, "/tmp");
	show("four marks", fan, tmp_fd);
	FM("remove the file's", fan, FAN_MARK_REMOVE, FAN_ACCESS_PERM | FAN_CLOSE, AT_FDCWD, "/tmp/ffi/f");
	FM("remove its ignore", fan, FAN_MARK_REMOVE | FAN_MARK_IGNORED_MASK, FAN_MODIFY, AT_FDCWD, "/tmp/ffi/f");
	FM("remove the filesystem's", fan, FAN_MARK_REMOVE | FAN_MARK_FILESYSTEM, FAN_OPEN_PERM, AT_FDCWD, "/tmp");
	show("two left", fan, tmp_fd);

	int notif = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDWR);
	FM("mark f", notif, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/ffi/f");
	close(open("/tmp/ffi/f", O_RDONLY));
	struct fanotify_event_metadata e;
	if (read(notif, &e, sizeof e) == sizeof e) {
		say("event fd: fdinfo flags 0%lo\n", fdinfo_field(e.fd, "flags:"));
		close(e.fd);
	}
	close(notif);
	close(fan);
	done();
	return 0;
}
