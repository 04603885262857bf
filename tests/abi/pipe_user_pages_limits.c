/* pipe_user_pages_limits: fs.pipe-user-pages-soft and -hard (Linux
 * fs/pipe.c alloc_pipe_info, pipe_set_size): pipe pages are counted per
 * user; past the soft limit an unprivileged user's new pipe has 2 pages
 * (8192 bytes) instead of 16; past the hard limit pipe() is ENFILE and
 * F_SETPIPE_SZ growth EPERM; closing pipes gives the pages back; root
 * (CAP_SYS_RESOURCE) is not limited. */
#include "lvtest.h"
#include <sys/wait.h>

static int new_pipe_size(const char *label)
{
	int p[2];
	int r = pipe(p);
	if (r) {
		show_ret(label, r, errno);
		return -1;
	}
	say("%s: %d bytes\n", label, fcntl(p[1], F_GETPIPE_SZ));
	return p[0];
}

int main(void)
{
	say_file("pipe-user-pages-soft", "/proc/sys/fs/pipe-user-pages-soft");
	say_file("pipe-user-pages-hard", "/proc/sys/fs/pipe-user-pages-hard");
	write_sysctl("/proc/sys/fs/pipe-user-pages-soft", "40");
	write_sysctl("/proc/sys/fs/pipe-user-pages-hard", "44");
	pid_t pid = fork();
	if (pid == 0) {
		setuid(65534);
		/* 16 + 16 pages, then 2 each past the soft limit (40), until past the hard one (44) */
		int first = new_pipe_size("nobody: pipe 1");
		new_pipe_size("nobody: pipe 2 (32 pages)");
		int p[2];
		pipe(p);
		say("nobody: pipe 3 (past soft 40): %d bytes\n", fcntl(p[1], F_GETPIPE_SZ));
		show_ret("nobody: grow pipe 3 to 16 pages (past hard 44)", fcntl(p[1], F_SETPIPE_SZ, 65536), errno);
		for (int i = 4; i <= 10; i++) {
			char label[48];
			snprintf(label, sizeof label, "nobody: pipe %d", i);
			if (new_pipe_size(label) < 0)
				break;
		}
		close(first);
		close(first + 1);
		new_pipe_size("nobody: after closing pipe 1");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	for (int i = 0; i < 3; i++)
		new_pipe_size("root: a pipe");
	write_sysctl("/proc/sys/fs/pipe-user-pages-soft", "16384");
	write_sysctl("/proc/sys/fs/pipe-user-pages-hard", "0");
	done();
	return 0;
}
