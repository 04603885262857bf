/*
 * fanotify_perm.c — permission events (fs/notify/fanotify/fanotify.c
 * fanotify_get_response, fanotify_user.c fanotify_write and
 * fanotify_release; Linux 6.1): FAN_OPEN_PERM and FAN_ACCESS_PERM hold the
 * opener or reader until the listener writes FAN_ALLOW or FAN_DENY (EPERM);
 * the response's checks; a higher class is asked first and its denial ends
 * it; FAN_OPEN_EXEC_PERM then FAN_OPEN_PERM for execve; closing the group
 * allows what is pending (read or not); a waiter can be killed. Every wait
 * is a handshake: the listener's blocking read or poll.
 */
#include "fanotify_test.h"

#include <signal.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/wait.h>

static char buf[4096] __attribute__((aligned(8)));
static int result_pipe[2];

/* A child that opens path (and with do_read 1 reads it, 2 lists it, 3 readv it, 4 sendfile, 5
 * splice, 6 copy_file_range from it) and reports the errno of each through the pipe. */
static pid_t opener(const char *path, int do_read)
{
	pid_t pid = fork();
	if (pid == 0) {
		dup2(result_pipe[1], 100); /* the groups' descriptors closed: closing the parent's ends them */
		syscall(SYS_close_range, 3, 99, 0);
		int fd = open(path, O_RDONLY);
		int err[2] = {fd < 0 ? errno : 0, 0};
		struct iovec iov = {.iov_base = buf, .iov_len = 1};
		if (fd >= 0 && do_read == 1)
			err[1] = read(fd, buf, 1) < 0 ? errno : 0;
		if (fd >= 0 && do_read == 2)
			err[1] = syscall(SYS_getdents64, fd, buf, sizeof buf) < 0 ? errno : 0;
		int pfd[2];
		pipe(pfd);
		if (fd >= 0 && do_read == 4)
			err[1] = sendfile(pfd[1], fd, NULL, 1) < 0 ? errno : 0;
		if (fd >= 0 && do_read == 5)
			err[1] = splice(fd, NULL, pfd[1], NULL, 1, 0) < 0 ? errno : 0;
		if (fd >= 0 && do_read == 6) {
			int out = open("/tmp/fpm/copy", O_CREAT | O_WRONLY, 0644);
			err[1] = copy_file_range(fd, NULL, out, NULL, 1, 0) < 0 ? errno : 0;
		}
		if (fd >= 0 && do_read == 3) { /* an empty vector asks nothing (E2BIG here if it failed), a byte does */
			err[1] = readv(fd, &iov, 0) < 0 ? E2BIG : 0;
			if (!err[1])
				err[1] = readv(fd, &iov, 1) < 0 ? errno : 0;
		}
		write(100, err, sizeof err);
		_exit(0);
	}
	fan_child = pid;
	return pid;
}

static void result(const char *label, pid_t pid)
{
	int err[2];
	read(result_pipe[0], err, sizeof err);
	waitpid(pid, NULL, 0);
	say("%s: open %s, read %s\n", label, errname(err[0]), errname(err[1]));
}

/* Reads one event (blocking), prints it, answers it unless answer is 0; returns its fd (closed if answered). */
static int event(int fan, unsigned answer)
{
	ssize_t n = read(fan, buf, sizeof buf);
	if (n <= 0) {
		say("  read: %s\n", errname(errno));
		return -1;
	}
	struct fanotify_event_metadata *e = (void *)buf;
	int fd = e->fd;
	fan_print_one(e, 1);
	if (answer) {
		struct fanotify_response r = {.fd = fd, .response = answer};
		R("  answer", write(fan, &r, sizeof r));
		close(fd);
	}
	return fd;
}

static void respond(const char *label, int fan, int fd, unsigned response, size_t len)
{
	struct fanotify_response r = {.fd = fd, .response = response};
	errno = 0;
	long n = write(fan, &r, len);
	show_ret(label, n, errno);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 0; /* run by execve below */
	pipe(result_pipe);
	mkdir("/tmp/fpm", 0755);
	int fd = open("/tmp/fpm/f", O_CREAT | O_WRONLY, 0644);
	write(fd, "data", 4);
	close(fd);

	int fan = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	FM("mark OPEN_PERM", fan, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/tmp/fpm/f");
	pid_t pid = opener("/tmp/fpm/f", 0);
	int efd = event(fan, 0);
	respond("response of 7 bytes", fan, efd, FAN_ALLOW, 7);
	respond("response 3", fan, efd, 3, sizeof(struct fanotify_response));
	respond("response FAN_ALLOW|FAN_AUDIT", fan, efd, FAN_ALLOW | FAN_AUDIT, sizeof(struct fanotify_response));
	respond("response to fd -1", fan, -1, FAN_ALLOW, sizeof(struct fanotify_response));
	respond("response to another fd", fan, efd + 100, FAN_ALLOW, sizeof(struct fanotify_response));
	respond("FAN_DENY", fan, efd, FAN_DENY, sizeof(struct fanotify_response) + 8);
	respond("FAN_DENY again", fan, efd, FAN_DENY, sizeof(struct fanotify_response));
	close(efd);
	result("denied", pid);
	pid = opener("/tmp/fpm/f", 0);
	event(fan, FAN_ALLOW);
	result("allowed", pid);

	/* reads ask FAN_ACCESS_PERM */
	FM("mark ACCESS_PERM", fan, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, "/tmp/fpm/f");
	pid = opener("/tmp/fpm/f", 1);
	event(fan, FAN_ALLOW);
	event(fan, FAN_DENY);
	result("open allowed, read denied", pid);

	pid = opener("/tmp/fpm/f", 3);
	event(fan, FAN_ALLOW);
	event(fan, FAN_DENY);
	result("readv: empty, then denied", pid);
	const char *how[] = {"sendfile denied", "splice denied", "copy_file_range denied"};
	for (int i = 0; i < 3; i++) {
		pid = opener("/tmp/fpm/f", 4 + i);
		event(fan, FAN_ALLOW);
		event(fan, FAN_DENY);
		result(how[i], pid);
	}

	/* getdents asks FAN_ACCESS_PERM of a directory marked with FAN_ONDIR */
	FM("mark dir ACCESS_PERM|ONDIR", fan, FAN_MARK_ADD, FAN_ACCESS_PERM | FAN_ONDIR, AT_FDCWD, "/tmp/fpm");
	pid = opener("/tmp/fpm", 2);
	event(fan, FAN_DENY);
	result("getdents denied", pid);
	FM("remove dir mark", fan, FAN_MARK_REMOVE, FAN_ACCESS_PERM | FAN_ONDIR, AT_FDCWD, "/tmp/fpm");

	/* a killed waiter: its event can still be answered */
	pid = opener("/tmp/fpm/f", 0);
	efd = event(fan, 0);
	kill(pid, SIGKILL);
	int st;
	waitpid(pid, &st, 0);
	say("killed waiter: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	respond("answer after the kill", fan, efd, FAN_ALLOW, sizeof(struct fanotify_response));
	close(efd);

	/* closing the group allows what is pending: one read, one still queued */
	FM("remove ACCESS_PERM", fan, FAN_MARK_REMOVE, FAN_ACCESS_PERM, AT_FDCWD, "/tmp/fpm/f");
	pid_t first = opener("/tmp/fpm/f", 0);
	efd = event(fan, 0);
	pid_t second = opener("/tmp/fpm/f", 0);
	struct pollfd p = {.fd = fan, .events = POLLIN};
	say("poll for the second: %d\n", poll(&p, 1, -1));
	close(fan);
	close(efd);
	result("first after close", first);
	result("second after close", second);

	/* PRE_CONTENT is asked before CONTENT; its denial ends it */
	int content = fanotify_init(FAN_CLASS_CONTENT | FAN_NONBLOCK, O_RDONLY);
	int pre = fanotify_init(FAN_CLASS_PRE_CONTENT, O_RDONLY);
	int notif = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	FM("CONTENT mark", content, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/tmp/fpm/f");
	FM("PRE_CONTENT mark", pre, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/tmp/fpm/f");
	FM("NOTIF mark", notif, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_NOWRITE, AT_FDCWD, "/tmp/fpm/f");
	pid = opener("/tmp/fpm/f", 0);
	say("PRE_CONTENT:\n");
	event(pre, FAN_DENY);
	result("denied by PRE_CONTENT", pid);
	fan_drain(content, "CONTENT");
	fan_drain(notif, "NOTIF");
	pid = opener("/tmp/fpm/f", 0);
	say("PRE_CONTENT:\n");
	event(pre, FAN_ALLOW);
	p.fd = content;
	poll(&p, 1, -1);
	say("CONTENT:\n");
	event(content, FAN_ALLOW);
	result("allowed by both", pid);
	fan_drain(notif, "NOTIF");
	close(pre);
	close(content);
	close(notif);

	/* execve: FAN_OPEN_EXEC_PERM, then FAN_OPEN_PERM */
	int xfan = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY);
	FM("mark exe", xfan, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_OPEN_EXEC_PERM, AT_FDCWD, "/proc/self/exe");
	fan_child = fork();
	if (fan_child == 0) {
		execl("/proc/self/exe", "x", "child", (char *)NULL);
		_exit(errno == EPERM ? 3 : 1);
	}
	event(xfan, FAN_ALLOW);
	event(xfan, FAN_ALLOW);
	waitpid(fan_child, &st, 0);
	say("exec allowed: exit %d\n", WEXITSTATUS(st));
	fan_child = fork();
	if (fan_child == 0) {
		execl("/proc/self/exe", "x", "child", (char *)NULL);
		_exit(errno == EPERM ? 3 : 1);
	}
	event(xfan, FAN_DENY);
	waitpid(fan_child, &st, 0);
	say("exec denied: exit %d\n", WEXITSTATUS(st));
	close(xfan);
	done();
	return 0;
}
