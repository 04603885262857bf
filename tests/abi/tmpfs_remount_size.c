/*
 * tmpfs_remount_size.c — mount(2)'s MS_REMOUNT with a data string on tmpfs
 * (Linux 6.1 do_remount: parse_monolithic_mount_data, shmem_reconfigure):
 * size= and nr_inodes= change the limits (statfs shows them), a limit below
 * what is in use or an unknown option is EINVAL and changes nothing (the
 * flags either), no data keeps them.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

static void show(const char *label)
{
	struct statfs s;
	statfs("/tmp/rms", &s);
	say("%s: blocks %ld, files %ld, read-only %d\n", label, (long)s.f_blocks, (long)s.f_files,
	    (s.f_flags & ST_RDONLY) != 0);
}

int main(void)
{
	mkdir("/tmp/rms", 0755);
	R("mount size=1m,nr_inodes=100", mount("none", "/tmp/rms", "tmpfs", 0, "size=1m,nr_inodes=100"));
	show("mounted");
	int fd = open("/tmp/rms/data", O_WRONLY | O_CREAT, 0644);
	static char block[256 * 1024];
	R("write 256 KiB", write(fd, block, sizeof block));
	close(fd);
	R("remount size=2m", mount("none", "/tmp/rms", NULL, MS_REMOUNT, "size=2m"));
	show("2 MiB");
	R("remount size=64k", mount("none", "/tmp/rms", NULL, MS_REMOUNT | MS_RDONLY, "size=64k"));
	show("unchanged");
	R("remount nr_inodes=50", mount("none", "/tmp/rms", NULL, MS_REMOUNT, "nr_inodes=50"));
	show("50 inodes");
	R("remount bogus=1", mount("none", "/tmp/rms", NULL, MS_REMOUNT, "bogus=1"));
	R("remount without data", mount("none", "/tmp/rms", NULL, MS_REMOUNT, NULL));
	show("kept");
	R("umount", umount("/tmp/rms"));
	done();
	return 0;
}
