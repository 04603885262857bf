/*
 * shm_open_devshm.c — POSIX shared memory through the C library (shm_open(3),
 * shm_unlink(3): glibc and musl open, unlink and name files in /dev/shm, a
 * tmpfs). The reference Linux init mounts no /dev/shm, so the test mounts a
 * tmpfs there (mode 1777, as systems do) when /dev/shm is not one already.
 * Then: create (O_EXCL), size with ftruncate, map it shared, a child writes
 * through its own shm_open and mapping, the parent reads the bytes; the
 * file's mode and size; EEXIST, ENOENT after shm_unlink, EINVAL for a name
 * with an inner slash; a mapping outlives the unlinked name.
 */
#include "fs_test.h"

#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/wait.h>

#define TMPFS_MAGIC 0x01021994

static void ensure_devshm(void)
{
	struct statfs sf;
	if (statfs("/dev/shm", &sf) == 0 && sf.f_type == TMPFS_MAGIC)
		return;
	mkdir("/dev/shm", 01777);
	if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
		say("mount /dev/shm: %s\n", errname(errno));
}

int main(void)
{
	ensure_devshm();
	struct stat st;
	R("stat /dev/shm", stat("/dev/shm", &st));
	say("/dev/shm: mode %o\n", st.st_mode & 07777);
	shm_unlink("/lv_shm_test");

	int fd = shm_open("/lv_shm_test", O_CREAT | O_EXCL | O_RDWR, 0600);
	say("shm_open O_CREAT|O_EXCL: %s\n", fd >= 0 ? "ok" : errname(errno));
	int flags = fcntl(fd, F_GETFD);
	say("FD_CLOEXEC: %d\n", (flags & FD_CLOEXEC) != 0);
	R("ftruncate 8192", ftruncate(fd, 8192));
	R("fstat", fstat(fd, &st));
	say("mode %o size %ld\n", st.st_mode & 07777, (long)st.st_size);
	R("stat /dev/shm/lv_shm_test", stat("/dev/shm/lv_shm_test", &st));
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("mmap: %s\n", p != MAP_FAILED ? "ok" : errname(errno));

	pid_t pid = fork();
	if (pid == 0) {
		int c = shm_open("/lv_shm_test", O_RDWR, 0);
		char *q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, c, 0);
		if (q == MAP_FAILED)
			_exit(1);
		strcpy(q + 4096, "written by the child");
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d, parent reads \"%s\"\n", WEXITSTATUS(status), p + 4096);

	int again = shm_open("/lv_shm_test", O_CREAT | O_EXCL | O_RDWR, 0600);
	say("shm_open O_EXCL again: %s\n", again >= 0 ? "ok" : errname(errno));
	int bad = shm_open("/lv/shm", O_CREAT | O_RDWR, 0600);
	say("shm_open \"/lv/shm\": %s\n", bad >= 0 ? "ok" : errname(errno));
	R("shm_unlink", shm_unlink("/lv_shm_test"));
	R("shm_unlink again", shm_unlink("/lv_shm_test"));
	int gone = shm_open("/lv_shm_test", O_RDWR, 0);
	say("shm_open after unlink: %s\n", gone >= 0 ? "ok" : errname(errno));
	say("the mapping still reads \"%s\"\n", p + 4096);
	munmap(p, 8192);
	close(fd);
	done();
	return 0;
}
