/*
 * fanotify_events.c — which events a fanotify group reads
 * (fs/notify/fanotify/fanotify.c, fsnotify.c; Linux 6.1): a mark on a file,
 * on a directory with FAN_EVENT_ON_CHILD and FAN_ONDIR (FAN_ONDIR never
 * reported without FAN_REPORT_FID), merging of queued events of the same
 * file and process, ignore masks and FAN_MODIFY emptying them unless
 * FAN_MARK_IGNORED_SURV_MODIFY, mount and filesystem marks, FAN_REPORT_TID,
 * FAN_OPEN_EXEC from execve, the event descriptor (its flags, its path, no
 * events of its own), symlinks and FIFOs; and read(2)'s rules: a buffer
 * smaller than a record is EINVAL, O_NONBLOCK gives EAGAIN, FIONREAD, poll
 * and epoll readiness, a blocking read woken by another process's event.
 */
#include "fanotify_test.h"

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/wait.h>

static char buf[4096] __attribute__((aligned(8)));

static void touch(const char *path)
{
	close(open(path, O_CREAT | O_WRONLY, 0644));
}

static void cat(const char *path)
{
	int fd = open(path, O_RDONLY);
	read(fd, buf, 1);
	close(fd);
}

static int thread_tid;

static void *thread_open(void *arg)
{
	(void)arg;
	thread_tid = (int)syscall(SYS_gettid);
	cat("/tmp/fev/a");
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 0; /* run by execve below */
	mkdir("/tmp/fev", 0755);
	mkdir("/tmp/fev/sub", 0755);
	int fd = open("/tmp/fev/a", O_CREAT | O_WRONLY, 0644);
	write(fd, "hello", 5);
	close(fd);
	touch("/tmp/fev/b");
	symlink("a", "/tmp/fev/link");
	mkfifo("/tmp/fev/fifo", 0644);

	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	R("read empty", read(fan, buf, sizeof buf));
	int avail = -1;
	R("FIONREAD empty", ioctl(fan, FIONREAD, &avail));
	say("FIONREAD %d\n", avail);
	struct pollfd p = {.fd = fan, .events = POLLIN};
	say("poll empty: %d\n", poll(&p, 1, 0));
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, got;
	epoll_ctl(ep, EPOLL_CTL_ADD, fan, &ev);
	say("epoll empty: %d\n", epoll_wait(ep, &got, 1, 0));

	/* a mark on a file: each event, merged while queued */
	FM("mark a", fan, FAN_MARK_ADD, FAN_OPEN | FAN_ACCESS | FAN_MODIFY | FAN_CLOSE, AT_FDCWD, "/tmp/fev/a");
	cat("/tmp/fev/a");
	R("FIONREAD", ioctl(fan, FIONREAD, &avail));
	say("FIONREAD %d\n", avail);
	p.revents = 0;
	say("poll: %d revents %#x\n", poll(&p, 1, 0), p.revents);
	say("epoll: %d data %u\n", epoll_wait(ep, &got, 1, 0), got.data.u32);
	R("read 23 bytes", read(fan, buf, 23));
	ssize_t n = read(fan, buf, 24);
	say("read 24: %zd\n", n);
	struct fanotify_event_metadata *e = (void *)buf;
	int efd = e->fd;
	fan_print_one(e, 1);
	say("event fd F_GETFL %#x F_GETFD %d\n", fcntl(efd, F_GETFL), fcntl(efd, F_GETFD));
	read(efd, buf, 2); /* the event descriptor reports nothing */
	close(efd);
	fan_drain(fan, "after reading through the event fd");
	fd = open("/tmp/fev/a", O_RDWR);
	write(fd, "x", 1);
	fan_drain(fan, "open, write (merged)");
	pread(fd, buf, 1, 0);
	close(fd);
	fan_drain(fan, "read, close");
	cat("/tmp/fev/b");
	fan_drain(fan, "b (no mark)");

	/* a directory: its children with FAN_EVENT_ON_CHILD, itself with FAN_ONDIR */
	FM("mark dir", fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_NOWRITE, AT_FDCWD, "/tmp/fev");
	cat("/tmp/fev/b");
	close(open("/tmp/fev", O_RDONLY | O_DIRECTORY));
	fan_drain(fan, "dir without EVENT_ON_CHILD, ONDIR");
	FM("add EVENT_ON_CHILD|ONDIR", fan, FAN_MARK_ADD, FAN_EVENT_ON_CHILD | FAN_ONDIR, AT_FDCWD, "/tmp/fev");
	cat("/tmp/fev/b");
	close(open("/tmp/fev", O_RDONLY | O_DIRECTORY));
	close(open("/tmp/fev/sub", O_RDONLY | O_DIRECTORY));
	fan_drain(fan, "b, the dir, sub");
	cat("/tmp/fev/a");
	fan_drain(fan, "a (its mark and its parent's)");
	cat("/tmp/fev/fifo-not-there");
	fd = open("/tmp/fev/fifo", O_RDWR);
	close(fd);
	fan_drain(fan, "a FIFO (no events)");
	cat("/tmp/fev/link");
	fan_drain(fan, "through a symlink");
	FM("remove ONDIR", fan, FAN_MARK_REMOVE, FAN_ONDIR, AT_FDCWD, "/tmp/fev");
	close(open("/tmp/fev", O_RDONLY | O_DIRECTORY));
	fan_drain(fan, "the dir after removing ONDIR");

	/* ignore masks */
	FM("ignore OPEN on b", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK, FAN_OPEN, AT_FDCWD, "/tmp/fev/b");
	cat("/tmp/fev/b");
	fan_drain(fan, "b with OPEN ignored");
	fd = open("/tmp/fev/b", O_WRONLY);
	write(fd, "y", 1);
	close(fd);
	cat("/tmp/fev/b");
	fan_drain(fan, "b written (the ignore mask is emptied), then read");
	FM("ignore OPEN on b, surviving", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY,
	   FAN_OPEN, AT_FDCWD, "/tmp/fev/b");
	fd = open("/tmp/fev/b", O_WRONLY);
	write(fd, "y", 1);
	close(fd);
	cat("/tmp/fev/b");
	fan_drain(fan, "b written and read, ignore survives");
	FM("ignore OPEN on the dir", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY, FAN_OPEN,
	   AT_FDCWD, "/tmp/fev");
	cat("/tmp/fev/a");
	fan_drain(fan, "a with its parent ignoring OPEN");
	FM("flush", fan, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
	cat("/tmp/fev/a");
	fan_drain(fan, "after flush");

	/* mount and filesystem marks */
	FM("mount mark", fan, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, "/tmp/fev");
	touch("/tmp/fev/c");
	fan_drain(fan, "create c");
	FM("ignore on c", fan, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK | FAN_MARK_IGNORED_SURV_MODIFY, FAN_OPEN, AT_FDCWD,
	   "/tmp/fev/c");
	touch("/tmp/fev/c");
	fan_drain(fan, "c with OPEN ignored");
	FM("remove mount mark", fan, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, "/tmp");
	FM("filesystem mark", fan, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, FAN_CLOSE_NOWRITE | FAN_ONDIR, AT_FDCWD, "/tmp");
	cat("/tmp/fev/b");
	close(open("/tmp/fev/sub", O_RDONLY | O_DIRECTORY));
	fan_drain(fan, "b and sub");
	FM("flush filesystems", fan, FAN_MARK_FLUSH | FAN_MARK_FILESYSTEM, 0, AT_FDCWD, NULL);
	FM("flush inodes", fan, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL);
	cat("/tmp/fev/b");
	fan_drain(fan, "after flushing");
	close(fan);

	/* FAN_REPORT_TID: the thread's id, not the process's */
	int tfan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK | FAN_REPORT_TID, O_RDONLY | O_CLOEXEC);
	FM("mark a (REPORT_TID)", tfan, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fev/a");
	pthread_t th;
	pthread_create(&th, NULL, thread_open, NULL);
	pthread_join(th, NULL);
	n = read(tfan, buf, sizeof buf);
	e = (void *)buf;
	say("REPORT_TID: read %zd, pid is the thread's: %d, F_GETFD %d\n", n, n > 0 && e->pid == thread_tid,
	    n > 0 ? fcntl(e->fd, F_GETFD) : -1);
	if (n > 0)
		close(e->fd);
	close(tfan);

	/* execve: FAN_OPEN | FAN_OPEN_EXEC, from the child */
	int xfan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	FM("mark self exe", xfan, FAN_MARK_ADD, FAN_OPEN | FAN_OPEN_EXEC, AT_FDCWD, "/proc/self/exe");
	fan_child = fork();
	if (fan_child == 0) {
		execl("/proc/self/exe", "x", "child", (char *)NULL);
		_exit(1);
	}
	int st;
	waitpid(fan_child, &st, 0);
	say("child exit %d\n", WEXITSTATUS(st));
	n = read(xfan, buf, sizeof buf);
	e = (void *)buf;
	if (n > 0) {
		char m[100];
		fan_mask(e->mask, m, sizeof m);
		say("exec event: %s pid=%s\n", m, fan_who(e->pid));
		close(e->fd);
	}
	close(xfan);

	/* a blocking read waits for another process's event */
	int bfan = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	FM("mark b", bfan, FAN_MARK_ADD, FAN_CLOSE_NOWRITE, AT_FDCWD, "/tmp/fev/b");
	fan_child = fork();
	if (fan_child == 0) {
		wait_until_sleeping(getppid());
		cat("/tmp/fev/b");
		_exit(0);
	}
	n = read(bfan, buf, sizeof buf);
	say("blocking read: %zd\n", n);
	fan_print(buf, n);
	waitpid(fan_child, NULL, 0);
	close(bfan);
	done();
	return 0;
}
