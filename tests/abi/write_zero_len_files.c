/* write_zero_len_files: write(fd, buf, 0) reaches the file's own write
 * method, as Linux's vfs_write calls f_op->write / write_iter whatever the
 * count (fs/read_write.c), so each kind of file answers as its method does:
 * a pipe, a regular file (generic_write_checks: 0 before any limit, the
 * position and mtime unchanged, O_APPEND too), /dev/null and /dev/zero
 * give 0, /dev/full ENOSPC (write_full), /proc/PID/clear_refs EINVAL (an
 * empty number), a sysctl 0, an eventfd EINVAL (eventfd_write wants 8
 * bytes), a sealed memfd 0; a unix stream socket 0 (EPIPE once shut
 * down for writing), a unix datagram socket sends an empty datagram.
 * Files opened for writing that have no write method (timerfd, signalfd,
 * epoll, /proc/PID/stat) give EINVAL (FMODE_CAN_WRITE), /proc/version EIO
 * (proc_reg_write), one not opened for writing or O_PATH EBADF, pwrite on
 * a pipe ESPIPE before either; reads alike (a directory: EISDIR). */
#include "lvtest.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

static void zero_write(const char *label, int fd)
{
	errno = 0;
	long r = syscall(SYS_write, fd, "abc", 0);
	show_ret(label, r, errno);
}

static void zero_write_path(const char *label, const char *path)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0) {
		say("%s: open errno=%s\n", label, errname(errno));
		return;
	}
	zero_write(label, fd);
	close(fd);
}

static void regular_files(void)
{
	int fd = open("/tmp/wzl", O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
	futimens(fd, old);
	zero_write("regular file", fd);
	struct stat st;
	fstat(fd, &st);
	say("regular file: size %ld, position %ld, mtime kept %d\n", (long)st.st_size, (long)lseek(fd, 0, SEEK_CUR),
	    st.st_mtim.tv_sec == 1000000000);
	show_ret("write 3", write(fd, "abc", 3), errno);
	close(fd);

	fd = open("/tmp/wzl", O_WRONLY | O_APPEND);
	zero_write("O_APPEND file", fd);
	say("O_APPEND file: position %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	close(fd);

	fd = open("/tmp/wzl", O_RDONLY);
	zero_write("file opened O_RDONLY", fd);
	close(fd);
	fd = open("/tmp/wzl", O_PATH);
	zero_write("O_PATH file", fd);
	close(fd);
	unlink("/tmp/wzl");

	fd = memfd_create("sealed", MFD_ALLOW_SEALING);
	show_ret("memfd write 3", write(fd, "abc", 3), errno);
	show_ret("F_SEAL_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), errno);
	zero_write("sealed memfd", fd);
	errno = 0;
	show_ret("sealed memfd, 1 byte", write(fd, "x", 1), errno);
	close(fd);
}

static void pipes(void)
{
	int p[2];
	pipe(p);
	zero_write("pipe", p[1]);
	errno = 0;
	show_ret("pwrite on a pipe", pwrite(p[1], "abc", 0, 0), errno);
	errno = 0;
	show_ret("pwrite on a pipe's read end", pwrite(p[0], "abc", 0, 0), errno);
	close(p[0]);
	zero_write("pipe without a reader", p[1]); /* pipe_write: 0 before EPIPE, no SIGPIPE */
	close(p[1]);
}

static void devices(void)
{
	zero_write_path("/dev/null", "/dev/null");
	zero_write_path("/dev/zero", "/dev/zero");
	zero_write_path("/dev/full", "/dev/full");
	zero_write_path("/proc/self/clear_refs", "/proc/self/clear_refs");
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	show_ret("/proc/self/clear_refs \"1\"", write(fd, "1", 1), errno);
	close(fd);
	zero_write_path("/proc/sys/vm/overcommit_memory", "/proc/sys/vm/overcommit_memory");
	zero_write_path("/proc/version", "/proc/version");
	zero_write_path("/proc/self/stat", "/proc/self/stat");
}

static void sockets(void)
{
	int s[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, s);
	zero_write("unix stream socket", s[0]);
	shutdown(s[0], SHUT_WR);
	signal(SIGPIPE, SIG_IGN);
	zero_write("unix stream socket shut down for writing", s[0]);
	signal(SIGPIPE, SIG_DFL);
	close(s[0]);
	close(s[1]);

	socketpair(AF_UNIX, SOCK_DGRAM, 0, s);
	char buf[8];
	errno = 0;
	show_ret("unix datagram: recv before", recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), errno);
	zero_write("unix datagram socket", s[0]);
	errno = 0;
	show_ret("unix datagram: recv the empty datagram", recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), errno);
	errno = 0;
	show_ret("unix datagram: recv after", recv(s[1], buf, sizeof(buf), MSG_DONTWAIT), errno);
	close(s[0]);
	close(s[1]);
}

static void anon_files(void)
{
	int fd = eventfd(0, 0);
	zero_write("eventfd", fd);
	close(fd);

	u_int64_t eight = 1;
	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	errno = 0;
	show_ret("timerfd, 8 bytes", write(fd, &eight, 8), errno);
	zero_write("timerfd", fd);
	close(fd);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	fd = signalfd(-1, &set, 0);
	zero_write("signalfd", fd);
	close(fd);

	fd = epoll_create1(0);
	zero_write("epoll", fd);
	char c;
	errno = 0;
	show_ret("read an epoll file", read(fd, &c, 1), errno);
	close(fd);

	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	errno = 0;
	show_ret("read a directory", read(fd, &c, 1), errno);
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	errno = 0;
	show_ret("read a file opened O_WRONLY", read(fd, &c, 1), errno);
	close(fd);
}

int main(void)
{
	regular_files();
	pipes();
	devices();
	sockets();
	anon_files();
	done();
	return 0;
}
