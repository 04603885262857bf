/* sysfs_mount: mount -t sysfs (debootstrap's second stage mounts it in its
 * tree): statfs's SYSFS_MAGIC, the top directories Linux always has,
 * devices/system/cpu/{online,possible,present} in the cpulist format (one
 * CPU: "0"), what glibc's get_nprocs_conf reads; a file without write
 * permission is EACCES to root too (kernfs_fop_open); /proc/mounts and
 * /proc/filesystems name it; umount. */
#include "lvtest.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

static void show_file(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n >= 0)
		buf[n] = 0;
	say("%s: %s", path, n >= 0 ? buf : "(unreadable)\n");
	close(fd);
}

static int mentions(const char *path, const char *text)
{
	static char buf[16384];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return strstr(buf, text) != NULL;
}

int main(void)
{
	mkdir("/tmp/sys", 0755);
	errno = 0;
	show_ret("mount sysfs", mount("sysfs", "/tmp/sys", "sysfs", 0, NULL), errno);
	struct statfs sf;
	statfs("/tmp/sys", &sf);
	say("f_type %#lx\n", (unsigned long)sf.f_type);
	static const char *const dirs[] = {
		"block",  "bus",    "class", "dev",	  "devices",  "firmware",	   "fs",
		"kernel", "module", "power", "dev/block", "dev/char", "devices/system/cpu"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char path[64];
		struct stat st;
		snprintf(path, sizeof(path), "/tmp/sys/%s", dirs[i]);
		int r = stat(path, &st);
		say("%s: %s\n", dirs[i], r == 0 && S_ISDIR(st.st_mode) ? "a directory" : "missing");
	}
	show_file("/tmp/sys/devices/system/cpu/online");
	show_file("/tmp/sys/devices/system/cpu/possible");
	show_file("/tmp/sys/devices/system/cpu/present");
	struct stat st;
	stat("/tmp/sys/devices/system/cpu/online", &st);
	say("online: mode %o\n", (unsigned)st.st_mode);
	errno = 0;
	show_ret("open online for writing", open("/tmp/sys/devices/system/cpu/online", O_WRONLY), errno);
	yesno("/proc/mounts has it", mentions("/proc/mounts", "sysfs /tmp/sys sysfs rw"));
	yesno("/proc/filesystems has it", mentions("/proc/filesystems", "nodev\tsysfs\n"));
	say("get_nprocs_conf %d\n", get_nprocs_conf());
	errno = 0;
	show_ret("umount", umount("/tmp/sys"), errno);
	yesno("/proc/mounts no longer has it", !mentions("/proc/mounts", "sysfs /tmp/sys"));
	done();
	return 0;
}
