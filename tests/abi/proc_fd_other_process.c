/*
 * proc_fd_other_process.c — /proc/PID/fd/N of another process is a magic
 * link only for a caller that may ptrace-read it (fs/proc/fd.c
 * proc_fd_access_allowed, ptrace_may_access with PTRACE_MODE_READ_FSCREDS):
 * root opens another process's descriptor (a pipe: a new end of the same
 * pipe; a deleted file), and a process of another user gets EACCES, for the
 * walk through the link as for readlink.
 */
#include "fs_test.h"
#include <sys/wait.h>

int main(void)
{
	int data[2], gate[2];
	pipe(data);
	pipe(gate);
	write(data[1], "from the parent", 15);
	int fd = open("/tmp/pfo_file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "deleted but open", 16);
	unlink("/tmp/pfo_file");
	pid_t parent = getpid();
	char pipe_path[64], file_path[64];
	snprintf(pipe_path, sizeof pipe_path, "/proc/%d/fd/%d", parent, data[0]);
	snprintf(file_path, sizeof file_path, "/proc/%d/fd/%d", parent, fd);

	pid_t pid = fork();
	if (pid == 0) { /* root: another process's descriptors */
		char buf[32] = "";
		int r = open(pipe_path, O_RDONLY);
		R("root opens the parent's pipe", r);
		say("read %zd: %.15s\n", read(r, buf, sizeof buf), buf);
		int f = open(file_path, O_RDONLY);
		R("root opens the parent's deleted file", f);
		memset(buf, 0, sizeof buf);
		say("read %zd: %.16s\n", read(f, buf, sizeof buf), buf);
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	pid = fork();
	if (pid == 0) { /* another user: not allowed */
		if (setgid(1000) || setuid(1000))
			_exit(2);
		char link[64];
		R("user 1000 opens root's pipe", open(pipe_path, O_RDONLY));
		R("user 1000 stats root's file", access(file_path, F_OK));
		R("user 1000 reads the link", readlink(pipe_path, link, sizeof link));
		write(gate[1], "x", 1);
		_exit(0);
	}
	char c;
	read(gate[0], &c, 1);
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
