/*
 * calls_demo.c — one process making a spread of system calls with fixed
 * arguments, for the differential test (tests/harness/test_strace.py): its
 * trace under LevitateOS's --strace and under Debian's strace on Linux must
 * read the same once addresses, pids and random bytes are masked. It
 * writes nothing to stdout; everything it does shows in the trace.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static void on_usr2(int sig)
{
	(void)sig;
}

int main(void)
{
	char buf[64];
	int fd = open("/etc/demo.txt", O_RDONLY | O_CLOEXEC);
	ssize_t n = read(fd, buf, sizeof(buf));
	lseek(fd, 0, SEEK_SET);
	n += pread(fd, buf, 5, 2);
	struct stat st;
	fstat(fd, &st);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	int fd2 = dup3(fd, 10, O_CLOEXEC);
	close(fd2);
	close(fd);
	close(fd);
	open("/nonexistent/file", O_WRONLY | O_CREAT | O_EXCL, 0640);
	access("/nonexistent", R_OK | W_OK);
	int p[2];
	pipe2(p, O_NONBLOCK);
	struct iovec iov[2] = {{"tab\there ", 9}, {"\"quoted\"\n\001\377", 12}};
	writev(p[1], iov, 2);
	read(p[0], buf, sizeof(buf));
	read(p[0], buf, sizeof(buf)); /* empty and non-blocking: EAGAIN */
	void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m, 4096, PROT_READ);
	munmap(m, 8192);
	struct timespec ts = {0, 1000};
	nanosleep(&ts, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sa.sa_flags = SA_RESTART;
	sigaddset(&sa.sa_mask, SIGINT);
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &set);
	getcwd(buf, sizeof(buf));
	chdir("/nonexistent/dir");
	umask(077);
	kill(getpid(), SIGUSR2);
	write(1, "", 0);
	return (int)(n & 0) + 7;
}
