/*
 * mount_atime_flags.c — mount(2)'s atime flags (Linux path_mount,
 * atime_needs_update, relatime_need_update, show_mnt_opts, flags_by_mnt):
 * a plain mount is relatime; MS_NOATIME, MS_STRICTATIME and MS_NODIRATIME
 * show in /proc/self/mountinfo and statfs's f_flags and decide whether a
 * read (or a getdents) moves the access time; a remount without atime
 * flags keeps the setting; mount_setattr changes it only with all of
 * MOUNT_ATTR__ATIME in attr_clr.
 */
#include "fs_test.h"

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef MS_STRICTATIME
#define MS_STRICTATIME (1 << 24)
#endif
#define SYS_MOUNT_SETATTR 442
#define ATTR__ATIME 0x70
#define ATTR_NOATIME 0x10

struct mount_attr_v0 {
	unsigned long long attr_set, attr_clr, propagation, userns_fd;
};

/* The mount options (field 6) of the mountinfo line for path. */
static void show_opts(const char *label, const char *path)
{
	static char text[16384];
	if (slurp_file("/proc/self/mountinfo", text, sizeof text) < 0) {
		say("%s: no mountinfo\n", label);
		return;
	}
	char opts[128] = "(not mounted)";
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char where[256], o[128];
		if (sscanf(line, "%*d %*d %*s %*s %255s %127s", where, o) == 2 && strcmp(where, path) == 0)
			snprintf(opts, sizeof opts, "%s", o);
	}
	struct statfs sf;
	statfs(path, &sf);
	say("%s: %s, statfs noatime %d nodiratime %d relatime %d\n", label, opts, !!(sf.f_flags & 0x400),
	    !!(sf.f_flags & 0x800), !!(sf.f_flags & 0x1000));
}

/* Sets path's atime to at (seconds, relative to now when rel) and mtime to 2000. */
static void set_times(const char *path, long at, int rel)
{
	struct timespec t[2] = {{at + (rel ? time(NULL) : 0), 0}, {2000, 0}};
	utimensat(AT_FDCWD, path, t, 0);
}

static long atime_of(const char *path)
{
	struct stat st;
	stat(path, &st);
	return (long)st.st_atime;
}

/* Does reading a byte of the file (or listing the directory) move its atime? */
static void check_atime(const char *label, const char *dir)
{
	char file[128], sub[128];
	snprintf(file, sizeof file, "%s/f", dir);
	snprintf(sub, sizeof sub, "%s/d", dir);
	int fd = open(file, O_RDWR | O_CREAT, 0644);
	write(fd, "x", 1);
	char c;
	set_times(file, 1000, 0);
	pread(fd, &c, 1, 0);
	long old = atime_of(file);
	set_times(file, 100000, 1); /* after mtime and ctime, less than a day from now */
	long future = atime_of(file);
	pread(fd, &c, 1, 0);
	long fut_after = atime_of(file);
	close(fd);
	mkdir(sub, 0755);
	set_times(sub, 1000, 0);
	DIR *d = opendir(sub);
	while (d && readdir(d))
		;
	if (d)
		closedir(d);
	say("%s: old atime moved %s, future atime moved %s, dir atime moved %s\n", label, old != 1000 ? "yes" : "no",
	    fut_after != future ? "yes" : "no", atime_of(sub) != 1000 ? "yes" : "no");
}

static void one(const char *label, const char *dir, unsigned long flags)
{
	mkdir(dir, 0755);
	R(label, mount("none", dir, "tmpfs", flags, NULL));
	show_opts(label, dir);
	check_atime(label, dir);
}

int main(void)
{
	one("default", "/tmp/at1", 0);
	one("MS_NOATIME", "/tmp/at2", MS_NOATIME);
	one("MS_STRICTATIME", "/tmp/at3", MS_STRICTATIME);
	one("MS_NODIRATIME", "/tmp/at4", MS_NODIRATIME);
	one("MS_NOATIME|MS_STRICTATIME", "/tmp/at5", MS_NOATIME | MS_STRICTATIME);

	R("remount at2 nosuid", mount("none", "/tmp/at2", NULL, MS_REMOUNT | MS_NOSUID, NULL));
	show_opts("at2 after remount nosuid", "/tmp/at2");
	R("remount at2 strictatime", mount("none", "/tmp/at2", NULL, MS_REMOUNT | MS_STRICTATIME, NULL));
	show_opts("at2 after remount strictatime", "/tmp/at2");
	check_atime("at2 now", "/tmp/at2");

	struct mount_attr_v0 a = {.attr_set = ATTR_NOATIME};
	errno = 0;
	long r = syscall(SYS_MOUNT_SETATTR, AT_FDCWD, "/tmp/at1", 0, &a, sizeof a);
	show_ret("mount_setattr noatime without clearing", r, errno);
	a.attr_clr = ATTR__ATIME;
	errno = 0;
	r = syscall(SYS_MOUNT_SETATTR, AT_FDCWD, "/tmp/at1", 0, &a, sizeof a);
	show_ret("mount_setattr noatime", r, errno);
	show_opts("at1 after mount_setattr", "/tmp/at1");
	check_atime("at1 now", "/tmp/at1");

	const char *dirs[] = {"/tmp/at1", "/tmp/at2", "/tmp/at3", "/tmp/at4", "/tmp/at5"};
	for (int i = 0; i < 5; i++)
		R("umount", umount(dirs[i]));
	say("done\n");
	return 0;
}
