/*
 * pipe_default_size_capped.c — a new pipe's size when /proc/sys/fs/
 * pipe-max-size is below the default 64 KiB (Linux 6.1 fs/pipe.c
 * alloc_pipe_info): a user without CAP_SYS_RESOURCE gets pipe-max-size,
 * root still gets 64 KiB.
 */
#include "fs_test.h"

#include <sys/wait.h>

static void put(const char *text)
{
	int fd = open("/proc/sys/fs/pipe-max-size", O_WRONLY);
	write(fd, text, strlen(text));
	close(fd);
}

static int pipe_size(void)
{
	int p[2];
	pipe(p);
	int size = fcntl(p[0], F_GETPIPE_SZ);
	close(p[0]);
	close(p[1]);
	return size;
}

int main(void)
{
	char old[32] = {0};
	slurp_file("/proc/sys/fs/pipe-max-size", old, sizeof old);
	put("16384");
	say("root's pipe: %d\n", pipe_size());
	pid_t pid = fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		say("user's pipe: %d\n", pipe_size());
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	put(old);
	say("user's pipe at the default limit: ");
	pid = fork();
	if (pid == 0) {
		setresuid(1000, 1000, 1000);
		say("%d\n", pipe_size());
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
