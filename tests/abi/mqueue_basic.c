/* mqueue_basic: POSIX message queues as Linux's ipc/mqueue.c keeps them
 * (mq_overview(7)): attributes and defaults, delivery by priority then
 * arrival, a full queue and an empty one (O_NONBLOCK: EAGAIN; a past
 * absolute timeout: ETIMEDOUT), the size and priority checks, the
 * descriptor's access mode, a receiver blocked until a sender comes,
 * mq_unlink, and the names the kernel refuses (raw system calls, so both
 * C libraries ask the same). */
#include "lvtest.h"
#include <mqueue.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static char name[64];

static struct timespec past(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec -= 1;
	return t;
}

static void show_attr(const char *label, mqd_t q)
{
	struct mq_attr a;
	if (mq_getattr(q, &a)) {
		say("%s: getattr errno %s\n", label, errname(errno));
		return;
	}
	say("%s: flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", label, a.mq_flags & O_NONBLOCK ? "O_NONBLOCK" : "0",
	    (long)a.mq_maxmsg, (long)a.mq_msgsize, (long)a.mq_curmsgs);
}

static void priorities(mqd_t q)
{
	show_ret("send prio 1", mq_send(q, "one", 3, 1), errno);
	show_ret("send prio 5", mq_send(q, "five-a", 6, 5), errno);
	show_ret("send prio 5 again", mq_send(q, "five-b", 6, 5), errno);
	show_ret("send prio 0", mq_send(q, "", 0, 0), errno);
	show_attr("four queued", q);
	struct timespec t = past();
	expect_err("full: timed send in the past", mq_timedsend(q, "x", 1, 0, &t), errno, ETIMEDOUT);
	char buf[64];
	for (int i = 0; i < 4; i++) {
		unsigned prio = 99;
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
		say("receive: %zd bytes '%.*s' prio %u\n", n, n > 0 ? (int)n : 0, buf, prio);
	}
	t = past();
	expect_err("empty: timed receive in the past", mq_timedreceive(q, buf, sizeof buf, NULL, &t), errno, ETIMEDOUT);
	struct timespec bad = {0, 1000000000};
	expect_err("timeout nsec out of range", mq_timedreceive(q, buf, sizeof buf, NULL, &bad), errno, EINVAL);
}

static void nonblocking(mqd_t q)
{
	struct mq_attr nb = {.mq_flags = O_NONBLOCK}, old;
	show_ret("setattr O_NONBLOCK", mq_setattr(q, &nb, &old), errno);
	show_attr("after setattr", q);
	char buf[64];
	expect_err("nonblocking receive on empty", mq_receive(q, buf, sizeof buf, NULL), errno, EAGAIN);
	for (int i = 0; i < 4; i++)
		mq_send(q, "m", 1, 0);
	expect_err("nonblocking send on full", mq_send(q, "m", 1, 0), errno, EAGAIN);
	for (int i = 0; i < 4; i++)
		mq_receive(q, buf, sizeof buf, NULL);
	struct mq_attr bad = {.mq_flags = O_NONBLOCK | O_APPEND};
	expect_err("setattr with other flags", mq_setattr(q, &bad, NULL), errno, EINVAL);
	struct mq_attr blk = {.mq_flags = 0};
	show_ret("setattr blocking", mq_setattr(q, &blk, NULL), errno);
}

static void checks(mqd_t q)
{
	char big[65] = {0}, buf[64];
	expect_err("message over msgsize", mq_send(q, big, 65, 0), errno, EMSGSIZE);
	expect_err("priority MQ_PRIO_MAX", mq_send(q, "x", 1, 32768), errno, EINVAL);
	expect_err("buffer under msgsize", mq_receive(q, buf, 63, NULL), errno, EMSGSIZE);
	mqd_t ro = mq_open(name, O_RDONLY);
	mqd_t wo = mq_open(name, O_WRONLY);
	expect_err("send on O_RDONLY", mq_send(ro, "x", 1, 0), errno, EBADF);
	expect_err("receive on O_WRONLY", mq_receive(wo, buf, sizeof buf, NULL), errno, EBADF);
	int p[2];
	pipe(p);
	expect_err("send on a pipe", mq_send(p[1], "x", 1, 0), errno, EBADF);
	expect_err("getattr on a pipe", mq_getattr(p[0], &(struct mq_attr){0}), errno, EBADF);
	close(p[0]);
	close(p[1]);
	yesno("mq_open descriptor is close-on-exec", (fcntl(ro, F_GETFD) & FD_CLOEXEC) != 0);
	mq_close(ro);
	mq_close(wo);
}

/* A receiver that blocks until the parent sends. */
static void blocked_receiver(mqd_t q)
{
	int ready[2];
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(ready[1]);
		char buf[64];
		unsigned prio = 0;
		ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
		_exit(n == 5 && memcmp(buf, "hello", 5) == 0 && prio == 7 ? 0 : 1);
	}
	close(ready[1]);
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	show_ret("send to the waiting receiver", mq_send(q, "hello", 5, 7), errno);
	int status = 0;
	waitpid(pid, &status, 0);
	say("receiver: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void names(void)
{
	expect_err("raw empty name", syscall(SYS_mq_open, "", O_RDWR | O_CREAT, 0600, NULL), errno, ENOENT);
	expect_err("raw name with a slash", syscall(SYS_mq_open, "a/b", O_RDWR | O_CREAT, 0600, NULL), errno, EACCES);
	expect_err("raw name ..", syscall(SYS_mq_open, "..", O_RDWR, 0600, NULL), errno, EACCES);
	char longname[300];
	memset(longname, 'n', sizeof longname);
	longname[256] = 0;
	expect_err("raw 256-byte name", syscall(SYS_mq_open, longname, O_RDWR | O_CREAT, 0600, NULL), errno,
		   ENAMETOOLONG);
	expect_err("raw unlink empty name", syscall(SYS_mq_unlink, ""), errno, ENOENT);
	expect_err("raw access mode 3 on a missing queue", syscall(SYS_mq_open, "lvtest-mq3", 3, 0600, NULL), errno,
		   ENOENT);
	long fd = syscall(SYS_mq_open, "lvtest-mq3", 3 | O_CREAT, 0600, NULL);
	show_ret("raw access mode 3 creating", fd < 0 ? fd : 0, errno);
	char buf[8192];
	expect_err("send on mode 3", mq_send(fd, "x", 1, 0), errno, EBADF);
	expect_err("receive on mode 3", mq_receive(fd, buf, sizeof buf, NULL), errno, EBADF);
	close(fd);
	expect_err("raw access mode 3 on an existing queue", syscall(SYS_mq_open, "lvtest-mq3", 3, 0600, NULL), errno,
		   EINVAL);
	expect_err("raw access mode 3 O_CREAT|O_EXCL on an existing queue",
		   syscall(SYS_mq_open, "lvtest-mq3", 3 | O_CREAT | O_EXCL, 0600, NULL), errno, EEXIST);
	show_ret("unlink it", syscall(SYS_mq_unlink, "lvtest-mq3"), errno);
}

static void bad_attrs(void)
{
	char other[80];
	snprintf(other, sizeof other, "%s-attr", name);
	struct mq_attr zero = {.mq_maxmsg = 0, .mq_msgsize = 16};
	expect_err("maxmsg 0", mq_open(other, O_RDWR | O_CREAT, 0600, &zero), errno, EINVAL);
	struct mq_attr neg = {.mq_maxmsg = 1, .mq_msgsize = -1};
	expect_err("msgsize -1", mq_open(other, O_RDWR | O_CREAT, 0600, &neg), errno, EINVAL);
	struct mq_attr hard = {.mq_maxmsg = 65537, .mq_msgsize = 16};
	expect_err("maxmsg past HARD_MSGMAX", mq_open(other, O_RDWR | O_CREAT, 0600, &hard), errno, EINVAL);
	struct mq_attr big = {.mq_maxmsg = 20, .mq_msgsize = 16384};
	mqd_t q = mq_open(other, O_RDWR | O_CREAT, 0600, &big);
	show_attr("root past msg_max and msgsize_max", q);
	mq_close(q);
	mq_unlink(other);
	q = mq_open(other, O_RDWR | O_CREAT, 0600, NULL);
	show_attr("default attributes", q);
	mq_close(q);
	mq_unlink(other);
}

int main(void)
{
	snprintf(name, sizeof name, "/lvtest-mq-%d", (int)getpid());
	mq_unlink(name);
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	show_ret("mq_open O_CREAT|O_EXCL", q < 0 ? -1 : 0, errno);
	show_attr("new queue", q);
	expect_err("O_EXCL again", mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr), errno, EEXIST);
	expect_err("open a missing queue", mq_open("/lvtest-mq-missing", O_RDWR), errno, ENOENT);
	priorities(q);
	nonblocking(q);
	checks(q);
	blocked_receiver(q);
	names();
	bad_attrs();
	show_ret("mq_unlink", mq_unlink(name), errno);
	expect_err("mq_unlink again", mq_unlink(name), errno, ENOENT);
	show_ret("send after unlink", mq_send(q, "still", 5, 0), errno);
	show_attr("unlinked queue", q);
	mq_close(q);
	done();
	return 0;
}
