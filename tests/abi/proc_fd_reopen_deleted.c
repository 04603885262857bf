/*
 * proc_fd_reopen_deleted.c — /proc/self/fd/N of an unlinked file leads to
 * the file (nd_jump_link), not to its old name: it opens, reads the data and
 * can be opened for writing although the descriptor was read-only, when the
 * file's mode allows it (may_open checks the inode: a non-root user without
 * write permission gets EACCES). readlink shows "NAME (deleted)".
 */
#include "fs_test.h"
#include <sys/wait.h>

int main(void)
{
	int fd = open("/tmp/pfd_deleted", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "kept data", 9);
	close(fd);
	fd = open("/tmp/pfd_deleted", O_RDONLY);
	R("unlink", unlink("/tmp/pfd_deleted"));
	char path[64], link[128] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = '\0';
	say("readlink: %s\n", link);

	int r = open(path, O_RDONLY);
	R("open the deleted file through /proc", r);
	char buf[16] = "";
	say("read %zd: %.9s\n", read(r, buf, sizeof buf), buf);

	int w = open(path, O_WRONLY | O_APPEND);
	R("reopen the read-only descriptor for writing", w);
	say("write %zd\n", write(w, "+more", 5));
	memset(buf, 0, sizeof buf);
	say("pread %zd: %.14s\n", pread(fd, buf, sizeof buf, 0), buf);
	struct stat st;
	R("stat through /proc", stat(path, &st));
	say("size %ld nlink %ld\n", (long)st.st_size, (long)st.st_nlink);
	R("truncate through /proc", truncate(path, 4));
	fstat(fd, &st);
	say("size now %ld\n", (long)st.st_size);

	/* a read-only file of another user: its mode decides, not the descriptor's */
	int ro = open("/tmp/pfd_ro", O_RDWR | O_CREAT | O_TRUNC, 0400);
	fchown(ro, 65534, 65534);
	close(ro);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		int mine = open("/tmp/pfd_ro", O_RDONLY);
		char p2[64];
		snprintf(p2, sizeof p2, "/proc/self/fd/%d", mine);
		R("non-root: reopen for reading", open(p2, O_RDONLY));
		R("non-root: reopen a 0400 file for writing", open(p2, O_WRONLY));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);
	unlink("/tmp/pfd_ro");
	done();
	return 0;
}
