/*
 * inotify_fdinfo.c — /proc/self/fdinfo of an inotify descriptor (Linux
 * fs/notify/fdinfo.c inotify_fdinfo, show_mark_fhandle; mm/shmem.c
 * shmem_encode_fh): after pos and flags, one "inotify wd:.. ino:.. sdev:..
 * mask:.. ignored_mask:0 fhandle-bytes:c fhandle-type:1 f_handle:.." line
 * per watch, newest first, the mask with IN_ONESHOT / IN_EXCL_UNLINK and
 * IN_MASK_ADD's sum. The inode number and device are checked against
 * stat(2), not printed; the handle's first four bytes (tmpfs's random
 * i_generation on Linux) are left out.
 */
#include "fs_test.h"

#include <sys/inotify.h>
#include <sys/sysmacros.h>

#define DIR_PATH "/tmp/inotify_fdinfo"
#define FILE_PATH "/tmp/inotify_fdinfo/f"

static void show(const char *label, int fd)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (slurp_file(path, buf, sizeof buf) < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	struct stat dir_st, file_st;
	stat(DIR_PATH, &dir_st);
	stat(FILE_PATH, &file_st);
	int n = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, "pos:", 4) || !strncmp(line, "flags:", 6)) {
			say("%s: %s\n", label, line);
			continue;
		}
		if (strncmp(line, "inotify ", 8))
			continue;
		unsigned wd, sdev, mask, ignored, bytes, type;
		unsigned long ino;
		char handle[64];
		int got = sscanf(line,
				 "inotify wd:%x ino:%lx sdev:%x mask:%x ignored_mask:%x fhandle-bytes:%x "
				 "fhandle-type:%x f_handle:%63s",
				 &wd, &ino, &sdev, &mask, &ignored, &bytes, &type, handle);
		if (got != 8) {
			say("%s: unparsed line (%d fields)\n", label, got);
			continue;
		}
		const struct stat *st = ino == dir_st.st_ino ? &dir_st : &file_st;
		unsigned want_sdev = major(st->st_dev) << 20 | minor(st->st_dev);
		char want_handle[32];
		unsigned long long i = st->st_ino;
		snprintf(want_handle, sizeof want_handle, "%02x%02x%02x%02x%02x%02x%02x%02x", (unsigned)(i & 0xff),
			 (unsigned)(i >> 8 & 0xff), (unsigned)(i >> 16 & 0xff), (unsigned)(i >> 24 & 0xff),
			 (unsigned)(i >> 32 & 0xff), (unsigned)(i >> 40 & 0xff), (unsigned)(i >> 48 & 0xff),
			 (unsigned)(i >> 56 & 0xff));
		say("%s: wd %u on the %s, ino ok %d, sdev ok %d, mask 0x%x, ignored_mask %u, fhandle-bytes 0x%x "
		    "type %u, handle after the generation ok %d\n",
		    label, wd, st == &dir_st ? "directory" : "file", ino == st->st_ino, sdev == want_sdev, mask,
		    ignored, bytes, type, strlen(handle) == 24 && strcmp(handle + 8, want_handle) == 0);
		n++;
	}
	say("%s: %d watch lines\n", label, n);
}

int main(void)
{
	rmdir(DIR_PATH);
	R("mkdir", mkdir(DIR_PATH, 0755));
	R("create", close(open(FILE_PATH, O_CREAT | O_WRONLY, 0644)));
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	show("no watch", fd);
	R("watch the directory", inotify_add_watch(fd, DIR_PATH, IN_CREATE | IN_DELETE | IN_EXCL_UNLINK));
	R("watch the file", inotify_add_watch(fd, FILE_PATH, IN_MODIFY | IN_ONESHOT));
	show("two watches", fd);
	R("IN_MASK_ADD on the file", inotify_add_watch(fd, FILE_PATH, IN_ATTRIB | IN_MASK_ADD));
	show("after IN_MASK_ADD", fd);
	R("inotify_rm_watch the directory", inotify_rm_watch(fd, 1));
	show("after rm_watch", fd);
	close(fd);
	unlink(FILE_PATH);
	rmdir(DIR_PATH);
	done();
	return 0;
}
