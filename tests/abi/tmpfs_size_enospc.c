/*
 * tmpfs_size_enospc.c — tmpfs mount options (mm/shmem.c shmem_parse_one):
 * size= caps the pages (a write that does not fit is cut short, the next
 * is ENOSPC; freeing a file gives the space back), nr_inodes= caps the
 * inodes (the root counts), mode= sets the root's mode, statfs reports the
 * limits; an unknown option is EINVAL.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/statfs.h>

int main(void)
{
	mkdir("/tmp/tse", 0755);
	R("mount size=16k,nr_inodes=4,mode=0700", mount("t", "/tmp/tse", "tmpfs", 0, "size=16k,nr_inodes=4,mode=0700"));
	struct stat st;
	stat("/tmp/tse", &st);
	say("root mode %o\n", st.st_mode);
	struct statfs sf;
	statfs("/tmp/tse", &sf);
	say("blocks %ld free %ld files %ld ffree %ld\n", (long)sf.f_blocks, (long)sf.f_bfree, (long)sf.f_files,
	    (long)sf.f_ffree);
	static char buf[20000];
	memset(buf, 'x', sizeof buf);
	int fd = open("/tmp/tse/a", O_CREAT | O_RDWR, 0644);
	say("write 20000: %zd\n", write(fd, buf, sizeof buf));
	errno = 0;
	say("write more: %zd %s\n", write(fd, buf, 10), errname(errno));
	statfs("/tmp/tse", &sf);
	say("free %ld ffree %ld\n", (long)sf.f_bfree, (long)sf.f_ffree);
	R("create b", open("/tmp/tse/b", O_CREAT | O_RDWR, 0644));
	R("create c", open("/tmp/tse/c", O_CREAT | O_RDWR, 0644));
	R("create d (no inode left)", open("/tmp/tse/d", O_CREAT | O_RDWR, 0644));
	R("mkdir (no inode left)", mkdir("/tmp/tse/e", 0755));
	close(fd);
	unlink("/tmp/tse/a");
	statfs("/tmp/tse", &sf);
	say("after unlink: free %ld ffree %ld\n", (long)sf.f_bfree, (long)sf.f_ffree);
	fd = open("/tmp/tse/d", O_CREAT | O_RDWR, 0644);
	say("write after freeing: %zd\n", write(fd, buf, 8192));
	close(fd);
	for (int i = 3; i < 16; i++)
		close(i); /* b and c */
	R("umount", umount("/tmp/tse"));
	R("unknown option", mount("t", "/tmp/tse", "tmpfs", 0, "colour=blue"));
	R("bad size", mount("t", "/tmp/tse", "tmpfs", 0, "size=lots"));
	R("cleanup", rmdir("/tmp/tse"));
	done();
	return 0;
}
