/*
 * file_handle_tmpfs.c — name_to_handle_at(2) and open_by_handle_at(2) on
 * tmpfs (fs/fhandle.c, mm/shmem.c shmem_encode_fh/shmem_fh_to_dentry): a
 * handle of 12 bytes, type FILEID_INO32_GEN (1); a buffer too small is
 * EOVERFLOW with the size needed written back; the mount id is the one
 * fdinfo shows; the handle opens the file again (after a rename too, and
 * through another link once the first name is gone, and while it is still
 * open after its last name went, an O_TMPFILE file's too), a directory's opens
 * the directory, a symbolic link's is ELOOP; a removed file's handle, or a
 * mount fd of another file system (another tmpfs too), is ESTALE; procfs and pipes have no
 * handles (EOPNOTSUPP); open_by_handle_at needs CAP_DAC_READ_SEARCH (EPERM).
 */
#include "fs_test.h"
#include <sys/wait.h>

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

#define HANDLE_MAX 128

struct handle {
	struct file_handle fh;
	unsigned char room[HANDLE_MAX];
};

static int get(int tmp_fd, const char *path, int flags, struct handle *h, int *mnt)
{
	h->fh.handle_bytes = HANDLE_MAX;
	return name_to_handle_at(tmp_fd, path, &h->fh, mnt, flags);
}

static int tmp_fd; /* on /tmp's tmpfs: the mount the handles are opened in */

static int open_handle(struct handle *h, int flags)
{
	return open_by_handle_at(tmp_fd, &h->fh, flags);
}

static void read_back(const char *label, int fd)
{
	char buf[16] = "";
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	say("%s: read %zd %s\n", label, n, buf);
}

int main(void)
{
	mkdir("/tmp/fh", 0755);
	tmp_fd = open("/tmp/fh", O_RDONLY | O_DIRECTORY);
	int fd = open("/tmp/fh/file", O_RDWR | O_CREAT, 0644);
	write(fd, "handle data", 11);
	close(fd);

	struct handle h;
	int mnt = -1;
	h.fh.handle_bytes = 0;
	R("a handle of 0 bytes", name_to_handle_at(AT_FDCWD, "/tmp/fh/file", &h.fh, &mnt, 0));
	say("needed %u bytes, type %d\n", h.fh.handle_bytes, h.fh.handle_type);
	h.fh.handle_bytes = HANDLE_MAX + 1;
	R("a handle over MAX_HANDLE_SZ", name_to_handle_at(AT_FDCWD, "/tmp/fh/file", &h.fh, &mnt, 0));
	R("bad flags", name_to_handle_at(AT_FDCWD, "/tmp/fh/file", &h.fh, &mnt, AT_REMOVEDIR));
	R("name_to_handle_at", get(AT_FDCWD, "/tmp/fh/file", 0, &h, &mnt));
	say("bytes %u type %d\n", h.fh.handle_bytes, h.fh.handle_type);
	char path[64], info[256] = "";
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", tmp_fd);
	slurp_file(path, info, sizeof info - 1);
	char *at = strstr(info, "mnt_id:");
	yesno("the mount id is fdinfo's", at && atoi(at + 7) == mnt);

	R("open_by_handle_at O_RDONLY", fd = open_handle(&h, O_RDONLY));
	read_back("by handle", fd);
	close(fd);
	R("rename", rename("/tmp/fh/file", "/tmp/fh/renamed"));
	R("open_by_handle_at after the rename, O_RDWR", fd = open_handle(&h, O_RDWR));
	say("write %zd\n", pwrite(fd, "H", 1, 0));
	close(fd);
	R("link", link("/tmp/fh/renamed", "/tmp/fh/other"));
	R("unlink the first name", unlink("/tmp/fh/renamed"));
	R("open_by_handle_at through the other link", fd = open_handle(&h, O_RDONLY));
	read_back("by handle", fd);
	close(fd);
	struct handle bad = h;
	((unsigned *)bad.fh.f_handle)[0] ^= 1;
	R("a handle with another generation", open_handle(&bad, O_RDONLY));
	R("mount of another tmpfs (the working directory's)", open_by_handle_at(AT_FDCWD, &h.fh, O_RDONLY));
	R("mount fd of procfs", open_by_handle_at(open("/proc/self/stat", O_RDONLY), &h.fh, O_RDONLY));
	R("a bad mount fd", open_by_handle_at(-1, &h.fh, O_RDONLY));
	struct handle zero = h;
	zero.fh.handle_bytes = 0;
	R("open with 0 bytes", open_by_handle_at(AT_FDCWD, &zero.fh, O_RDONLY));
	int held = open("/tmp/fh/other", O_RDONLY);
	R("unlink the last name while open", unlink("/tmp/fh/other"));
	R("open_by_handle_at of an unlinked open file", fd = open_handle(&h, O_RDONLY));
	read_back("by handle", fd);
	close(fd);
	close(held);
	R("open_by_handle_at of a removed file", open_handle(&h, O_RDONLY));

	int tf = open("/tmp/fh", O_TMPFILE | O_RDWR, 0600);
	write(tf, "tmpfile", 7);
	struct handle th;
	R("handle of an O_TMPFILE file", get(tf, "", AT_EMPTY_PATH, &th, &mnt));
	R("open it by handle", fd = open_handle(&th, O_RDONLY));
	read_back("by handle", fd);
	close(fd);
	close(tf);
	R("once closed", open_handle(&th, O_RDONLY));

	struct handle dh;
	R("handle of the directory", get(tmp_fd, "", AT_EMPTY_PATH, &dh, &mnt));
	R("open the directory by handle", fd = open_by_handle_at(tmp_fd, &dh.fh, O_RDONLY | O_DIRECTORY));
	close(fd);
	R("open the directory O_RDWR", open_by_handle_at(tmp_fd, &dh.fh, O_RDWR));

	symlink("target", "/tmp/fh/link");
	struct handle lh;
	R("handle of a symlink", get(AT_FDCWD, "/tmp/fh/link", 0, &lh, &mnt));
	R("open a symlink by handle", open_handle(&lh, O_RDONLY));
	R("open a symlink by handle, O_PATH", open_handle(&lh, O_PATH));
	R("following it (dangling)", get(AT_FDCWD, "/tmp/fh/link", AT_SYMLINK_FOLLOW, &lh, &mnt));

	R("procfs file", get(AT_FDCWD, "/proc/self/stat", 0, &lh, &mnt));
	int p[2];
	pipe(p);
	snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
	R("a pipe", get(AT_FDCWD, path, AT_SYMLINK_FOLLOW, &lh, &mnt));
	R("empty path without AT_EMPTY_PATH", get(AT_FDCWD, "", 0, &lh, &mnt));

	close(open("/tmp/fh/mine", O_CREAT | O_WRONLY, 0644));
	R("handle of another file", get(AT_FDCWD, "/tmp/fh/mine", 0, &h, &mnt));
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		struct handle uh;
		int m;
		R("non-root name_to_handle_at", get(AT_FDCWD, "/tmp/fh/mine", 0, &uh, &m));
		R("non-root open_by_handle_at", open_handle(&h, O_RDONLY));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);
	unlink("/tmp/fh/mine");
	unlink("/tmp/fh/link");
	close(tmp_fd);
	R("cleanup", rmdir("/tmp/fh"));
	done();
	return 0;
}
