/* exec_etxtbsy: a file cannot be written while it runs, nor run while it is
 * open for writing (Linux 6.1: deny_write_access in open_exec and for the
 * mm's exe_file, get_write_access in open and truncate): ETXTBSY.
 *  - the running program (/proc/self/exe) opened O_WRONLY or O_RDWR;
 *  - execve of a copy still open for writing in the caller;
 *  - while a child runs the copy: open for writing, truncate, O_TRUNC;
 *  - after the child has exited the copy is writable again.
 * The child (the copy, argv[1] "child") says it runs through a pipe and
 * waits for the parent's byte on another: no sleeps. */
#include "lvtest.h"
#include <sys/stat.h>
#include <sys/wait.h>

#define COPY "/tmp/exec_etxtbsy_copy"

static int copy_self(void)
{
	static char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	close(in);
	return out; /* still open for writing */
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "child") == 0) {
		char c = 'r';
		if (write(atoi(argv[3]), &c, 1) != 1 || read(atoi(argv[2]), &c, 1) != 1)
			return 1;
		return 7;
	}
	long ret = open("/proc/self/exe", O_WRONLY);
	expect_err("open own executable O_WRONLY", ret, errno, ETXTBSY);
	ret = open("/proc/self/exe", O_RDWR);
	expect_err("open own executable O_RDWR", ret, errno, ETXTBSY);
	ret = open("/proc/self/exe", O_RDONLY);
	say("open own executable O_RDONLY: %s\n", ret >= 0 ? "ok" : errname(errno));
	if (ret >= 0)
		close((int)ret);

	int wfd = copy_self();
	char *args[] = {COPY, "child", "0", "0", NULL}, *envp[] = {NULL};
	ret = execve(COPY, args, envp);
	expect_err("execve of a file open for writing", ret, errno, ETXTBSY);
	close(wfd);

	int go[2], ready[2];
	if (pipe(go) || pipe(ready))
		return 1;
	char gofd[16], readyfd[16];
	snprintf(gofd, sizeof(gofd), "%d", go[0]);
	snprintf(readyfd, sizeof(readyfd), "%d", ready[1]);
	args[2] = gofd;
	args[3] = readyfd;
	pid_t pid = fork();
	if (pid == 0) {
		execve(COPY, args, envp);
		_exit(127);
	}
	char c;
	say("child running: %s\n", read(ready[0], &c, 1) == 1 ? "yes" : "no");
	ret = open(COPY, O_WRONLY);
	expect_err("open running copy O_WRONLY", ret, errno, ETXTBSY);
	ret = open(COPY, O_RDONLY | O_TRUNC);
	expect_err("open running copy O_RDONLY|O_TRUNC", ret, errno, ETXTBSY);
	ret = truncate(COPY, 0);
	expect_err("truncate running copy", ret, errno, ETXTBSY);
	ret = open(COPY, O_RDONLY);
	say("open running copy O_RDONLY: %s\n", ret >= 0 ? "ok" : errname(errno));
	if (ret >= 0)
		close((int)ret);
	if (write(go[1], "g", 1) != 1)
		return 1;
	int status;
	waitpid(pid, &status, 0);
	say("child exit status: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	ret = open(COPY, O_WRONLY);
	say("open copy O_WRONLY after exit: %s\n", ret >= 0 ? "ok" : errname(errno));
	if (ret >= 0)
		close((int)ret);
	unlink(COPY);
	done();
	return 0;
}
