/*
 * mount_umount.c — mount(2) and umount2(2) (fs/namespace.c) as root: a
 * tmpfs mounted on a directory hides what was there and shows a fresh file
 * system (statfs TMPFS_MAGIC, a rename across the mount point EXDEV); an
 * open file in it makes umount EBUSY, MNT_DETACH takes it away anyway and
 * the open file keeps working; a bind mount shows the same files; remount
 * read-only gives EROFS; proc mounts elsewhere too; an unknown type is
 * ENODEV, a missing target ENOENT, a file target ENOTDIR, umount of a
 * directory that is not a mount point EINVAL, bad umount flags EINVAL.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/statfs.h>

int main(void)
{
	mkdir("/tmp/mu", 0755);
	mkdir("/tmp/mu/m", 0755);
	close(open("/tmp/mu/m/under", O_CREAT | O_WRONLY, 0644));
	R("mount tmpfs", mount("none", "/tmp/mu/m", "tmpfs", 0, NULL));
	R("old file hidden", access("/tmp/mu/m/under", F_OK));
	struct statfs sf;
	statfs("/tmp/mu/m", &sf);
	say("f_type %lx namelen %ld\n", (unsigned long)sf.f_type, (long)sf.f_namelen);
	struct stat st;
	stat("/tmp/mu/m", &st);
	say("root mode %o nlink %ld\n", st.st_mode, (long)st.st_nlink);
	int fd = open("/tmp/mu/m/f", O_CREAT | O_RDWR, 0644);
	write(fd, "abc", 3);
	R("rename across mounts", rename("/tmp/mu/m/f", "/tmp/mu/f"));
	R("link across mounts", link("/tmp/mu/m/f", "/tmp/mu/f"));
	R("umount busy", umount("/tmp/mu/m"));
	R("umount not a mount point", umount("/tmp/mu"));
	R("umount2 bad flags", umount2("/tmp/mu/m", 0x100));
	mkdir("/tmp/mu/b", 0755);
	R("bind mount", mount("/tmp/mu/m", "/tmp/mu/b", NULL, MS_BIND, NULL));
	R("file seen through the bind", access("/tmp/mu/b/f", F_OK));
	R("remount read-only", mount(NULL, "/tmp/mu/b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	R("create on read-only", open("/tmp/mu/b/g", O_CREAT | O_WRONLY, 0644));
	R("mkdir on read-only", mkdir("/tmp/mu/b/d", 0755));
	R("still writable at the other mount", mkdir("/tmp/mu/m/d", 0755));
	R("umount the bind", umount("/tmp/mu/b"));
	R("umount detach", umount2("/tmp/mu/m", MNT_DETACH));
	R("under is back", access("/tmp/mu/m/under", F_OK));
	char buf[4] = {0};
	say("open file still reads: %zd '%s'\n", pread(fd, buf, 3, 0), buf);
	close(fd);
	mkdir("/tmp/mu/p", 0755);
	R("mount proc", mount("proc", "/tmp/mu/p", "proc", 0, NULL));
	R("proc self there", access("/tmp/mu/p/self/maps", R_OK));
	statfs("/tmp/mu/p", &sf);
	say("proc f_type %lx\n", (unsigned long)sf.f_type);
	R("umount proc", umount("/tmp/mu/p"));
	R("unknown type", mount("x", "/tmp/mu/p", "nosuchfs", 0, NULL));
	R("missing target", mount("x", "/tmp/mu/none", "tmpfs", 0, NULL));
	R("file target", mount("x", "/tmp/mu/m/under", "tmpfs", 0, NULL));
	unlink("/tmp/mu/m/under");
	rmdir("/tmp/mu/m");
	rmdir("/tmp/mu/b");
	rmdir("/tmp/mu/p");
	R("cleanup", rmdir("/tmp/mu"));
	done();
	return 0;
}
