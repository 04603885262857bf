/*
 * proc_fd_link_mode.c — the mode of /proc/self/fd/N (lstat, as `ls -l`
 * shows it) says how the descriptor's file is open (Linux fs/proc/fd.c
 * tid_fd_update_inode): lr-x------ for O_RDONLY, l-wx------ for O_WRONLY,
 * lrwx------ for O_RDWR, l--------- for O_PATH; a pipe's two ends are
 * read-only and write-only.
 */
#include "lvtest.h"

#include <sys/stat.h>

static void show(int fd, const char *what)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (lstat(path, &st) < 0) {
		say("%s: lstat %s\n", what, errname(errno));
		return;
	}
	say("%s: link %d mode %04o\n", what, S_ISLNK(st.st_mode), (unsigned)(st.st_mode & 07777));
}

int main(void)
{
	int w = open("/tmp/plm", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	show(w, "O_WRONLY");
	show(open("/tmp/plm", O_RDONLY), "O_RDONLY");
	show(open("/tmp/plm", O_RDWR), "O_RDWR");
	show(open("/tmp/plm", O_PATH), "O_PATH");
	int p[2];
	pipe(p);
	show(p[0], "pipe read end");
	show(p[1], "pipe write end");
	unlink("/tmp/plm");
	say("done\n");
	return 0;
}
