/*
 * fifo_two_procs.c — named pipes (fs/pipe.c fifo_open, fifo(7)): a reader
 * opening O_RDONLY waits for a writer and a writer for a reader; with
 * O_NONBLOCK the reader goes on at once and a writer with no reader gets
 * ENXIO; O_RDWR never waits; every opener of one FIFO shares one pipe; the
 * reader sees EOF once the writer closes; fstat shows the FIFO inode; a
 * signal interrupts a waiting open (EINTR without SA_RESTART). Two
 * processes synchronise over a pipe and the FIFO itself, never by sleeping.
 */
#include "fs_test.h"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#define F "/tmp/fifo_test"

static void on_signal(int sig)
{
	(void)sig;
}

/* A child waits in open with a SIGUSR1 handler (no SA_RESTART); the parent
 * signals it until it exits: a signal that comes before the open only
 * runs the handler, the next one interrupts the wait. */
static void interrupted_open(const char *label, int flags)
{
	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa = {0};
		sa.sa_handler = on_signal;
		sigaction(SIGUSR1, &sa, NULL);
		write(sync[1], "s", 1);
		errno = 0;
		int fd = open(F, flags);
		_exit(fd < 0 && errno == EINTR ? 0 : 1);
	}
	char c;
	read(sync[0], &c, 1);
	close(sync[0]);
	close(sync[1]);
	int status;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGUSR1);
		sched_yield();
	}
	say("%s: exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void show_read(const char *label, int fd)
{
	char buf[32] = {0};
	errno = 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: %zd \"%s\"\n", label, n, buf);
}

static void wait_child(const char *label, pid_t pid)
{
	int status;
	waitpid(pid, &status, 0);
	say("%s: exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	unlink(F);
	unlink(F "2");
	R("mkfifo", mkfifo(F, 0600));
	struct stat st, fst;
	stat(F, &st);
	say("is fifo %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);
	R("mknod S_IFIFO", mknod(F "2", S_IFIFO | 0644, 0));

	say("-- non-blocking opens\n");
	R("O_WRONLY|O_NONBLOCK, no reader", open(F, O_WRONLY | O_NONBLOCK));
	int r = open(F, O_RDONLY | O_NONBLOCK);
	say("O_RDONLY|O_NONBLOCK: %s\n", r >= 0 ? "ok" : errname(errno));
	show_read("read, no writer (EOF)", r);
	struct pollfd pfd = {r, POLLIN, 0};
	R("poll, no writer yet", poll(&pfd, 1, 0));
	say("revents %#x\n", pfd.revents);
	int w = open(F, O_WRONLY | O_NONBLOCK);
	say("O_WRONLY|O_NONBLOCK with a reader: %s\n", w >= 0 ? "ok" : errname(errno));
	show_read("read, writer but empty", r);
	R("write", write(w, "abc", 3));
	show_read("read shared pipe", r);
	fstat(w, &fst);
	say("fstat: fifo %d same inode %d size %lld\n", S_ISFIFO(fst.st_mode), fst.st_ino == st.st_ino,
	    (long long)fst.st_size);
	close(w);
	pfd.revents = 0;
	R("poll after the writer closed", poll(&pfd, 1, 0));
	say("revents %#x\n", pfd.revents);
	show_read("read after the writer closed", r);
	close(r);

	say("-- O_RDWR\n");
	int rw = open(F, O_RDWR);
	say("O_RDWR: %s\n", rw >= 0 ? "ok" : errname(errno));
	R("write rw", write(rw, "xy", 2));
	show_read("read rw", rw);
	int r2 = open(F, O_RDONLY);
	say("O_RDONLY with a writer open: %s\n", r2 >= 0 ? "ok" : errname(errno));
	R("write rw again", write(rw, "z", 1));
	show_read("read from the other opener", r2);
	close(r2);
	close(rw);

	say("-- blocking writer, then reader\n");
	int sync[2];
	pipe(sync);
	pid_t pid = fork();
	if (pid == 0) {
		close(sync[0]);
		write(sync[1], "s", 1); /* about to open */
		int fd = open(F, O_WRONLY);
		if (fd < 0)
			_exit(10);
		write(fd, "hello", 5);
		close(fd);
		_exit(0);
	}
	close(sync[1]);
	char c;
	read(sync[0], &c, 1);
	close(sync[0]);
	r = open(F, O_RDONLY);
	say("parent O_RDONLY: %s\n", r >= 0 ? "ok" : errname(errno));
	char buf[16] = {0};
	size_t got = 0;
	while (got < 5) {
		ssize_t n = read(r, buf + got, 5 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	say("parent read \"%s\"\n", buf);
	show_read("parent read after the child closed", r);
	close(r);
	wait_child("writer child", pid);

	say("-- blocking reader, then writer\n");
	pipe(sync);
	pid = fork();
	if (pid == 0) {
		close(sync[0]);
		int fd = open(F, O_RDONLY);
		if (fd < 0)
			_exit(10);
		char b[16] = {0};
		ssize_t n = read(fd, b, sizeof(b) - 1);
		ssize_t end = read(fd, b + 15, 1);
		char report[2] = {n == 3 && !strcmp(b, "abc") ? 'y' : 'n', end == 0 ? 'y' : 'n'};
		write(sync[1], report, 2);
		_exit(0);
	}
	close(sync[1]);
	w = open(F, O_WRONLY);
	say("parent O_WRONLY: %s\n", w >= 0 ? "ok" : errname(errno));
	R("parent write", write(w, "abc", 3));
	close(w);
	char report[3] = {0};
	read(sync[0], report, 2);
	close(sync[0]);
	say("child read abc %c, then EOF %c\n", report[0], report[1]);
	wait_child("reader child", pid);

	say("-- a signal interrupts a waiting open\n");
	interrupted_open("interrupted O_RDONLY (0: EINTR)", O_RDONLY);
	interrupted_open("interrupted O_WRONLY (0: EINTR)", O_WRONLY);
	R("O_WRONLY|O_NONBLOCK after all closed", open(F, O_WRONLY | O_NONBLOCK));
	R("unlink", unlink(F));
	R("unlink 2", unlink(F "2"));
	done();
}
