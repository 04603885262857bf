/* mqueue_notify_fs: mq_notify and the mqueue file system as Linux's
 * ipc/mqueue.c has them: a SIGEV_SIGNAL registration fires once, when a
 * message arrives on an empty queue (si_code SI_MESGQ, the sender's pid,
 * sigev_value), and is then gone; a second registration is EBUSY; NULL
 * removes it, and so does closing any descriptor of the queue in the
 * registering process (a dup); SIGEV_THREAD's descriptor must be a netlink socket (raw
 * call: a pipe is ENOTSOCK). /proc/sys/fs/mqueue's limits, their ranges,
 * queues_max; "mount -t mqueue" shows the queues, whose file reads as the
 * QSIZE line, and unlink(2) there removes one. */
#include "lvtest.h"
#include <mqueue.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <dirent.h>

static char name[64];

static void notify(mqd_t q)
{
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	struct sigevent ev = {0};
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 4242;
	show_ret("mq_notify SIGEV_SIGNAL", mq_notify(q, &ev), errno);
	expect_err("mq_notify again", mq_notify(q, &ev), errno, EBUSY);
	show_ret("send", mq_send(q, "a", 1, 0), errno);
	struct timespec ten = {10, 0}, zero = {0, 0};
	siginfo_t si;
	int sig = sigtimedwait(&usr1, &si, &ten);
	say("signal %s code SI_MESGQ %s value %d pid is ours %s\n", sig == SIGUSR1 ? "SIGUSR1" : "none",
	    si.si_code == SI_MESGQ ? "yes" : "no", si.si_value.sival_int, si.si_pid == getpid() ? "yes" : "no");
	show_ret("send to a non-empty queue", mq_send(q, "b", 1, 0), errno);
	expect_err("no second signal", sigtimedwait(&usr1, &si, &zero), errno, EAGAIN);
	char buf[64];
	mq_receive(q, buf, sizeof buf, NULL);
	mq_receive(q, buf, sizeof buf, NULL);
	show_ret("register again after it fired", mq_notify(q, &ev), errno);
	show_ret("remove with NULL", mq_notify(q, NULL), errno);
	show_ret("send after removal", mq_send(q, "c", 1, 0), errno);
	expect_err("no signal after removal", sigtimedwait(&usr1, &si, &zero), errno, EAGAIN);
	mq_receive(q, buf, sizeof buf, NULL);
	struct sigevent none = {.sigev_notify = SIGEV_NONE};
	show_ret("mq_notify SIGEV_NONE", mq_notify(q, &none), errno);
	expect_err("SIGEV_SIGNAL while SIGEV_NONE is registered", mq_notify(q, &ev), errno, EBUSY);
	show_ret("send", mq_send(q, "d", 1, 0), errno);
	show_ret("SIGEV_NONE was used up", mq_notify(q, &ev), errno);
	close(dup(q)); /* any close by the owner drops it (Linux mqueue_flush_file) */
	show_ret("registered again after closing a dup", mq_notify(q, &ev), errno);
	mq_notify(q, NULL);
	mq_receive(q, buf, sizeof buf, NULL);
	struct sigevent bad = {.sigev_notify = 77};
	expect_err("unknown sigev_notify", mq_notify(q, &bad), errno, EINVAL);
	struct sigevent badsig = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = 65};
	expect_err("signal 65", mq_notify(q, &badsig), errno, EINVAL);
	int p[2];
	pipe(p);
	struct sigevent thread = {.sigev_notify = SIGEV_THREAD, .sigev_signo = p[0]};
	expect_err("raw SIGEV_THREAD without a cookie", syscall(SYS_mq_notify, q, &thread), errno, EFAULT);
	static char cookie[32];
	thread.sigev_value.sival_ptr = cookie;
	expect_err("raw SIGEV_THREAD with a pipe", syscall(SYS_mq_notify, q, &thread), errno, ENOTSOCK);
	thread.sigev_signo = 999;
	expect_err("raw SIGEV_THREAD with a closed descriptor", syscall(SYS_mq_notify, q, &thread), errno, EBADF);
	close(p[0]);
	close(p[1]);
	expect_err("mq_notify on a closed descriptor", mq_notify(p[0], NULL), errno, EBADF);
}

static void sysctl_show(const char *file)
{
	char path[96], text[32] = "";
	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", file);
	ssize_t n = slurp_file(path, text, sizeof text - 1);
	text[n > 0 ? n : 0] = 0;
	say("%s: %s", file, n > 0 ? text : "(none)\n");
}

static long sysctl_write(const char *file, const char *value)
{
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", file);
	return write_sysctl(path, value) < 0 ? -1 : 0;
}

static void limits(void)
{
	sysctl_show("msg_default");
	sysctl_show("msg_max");
	sysctl_show("msgsize_default");
	sysctl_show("msgsize_max");
	sysctl_show("queues_max");
	expect_err("msg_max 0", sysctl_write("msg_max", "0"), errno, EINVAL);
	expect_err("msg_max 65537", sysctl_write("msg_max", "65537"), errno, EINVAL);
	expect_err("msgsize_max 127", sysctl_write("msgsize_max", "127"), errno, EINVAL);
	show_ret("msg_max 20", sysctl_write("msg_max", "20"), errno);
	sysctl_show("msg_max");
	show_ret("msg_max back to 10", sysctl_write("msg_max", "10"), errno);
}

static void filesystem(mqd_t q)
{
	mkdir("/tmp/mq", 0755);
	show_ret("mount -t mqueue", mount("none", "/tmp/mq", "mqueue", 0, NULL), errno);
	char path[128], text[128] = "";
	snprintf(path, sizeof path, "/tmp/mq%s", name);
	mq_send(q, "12345", 5, 0);
	mq_send(q, "678", 3, 0);
	ssize_t n = slurp_file(path, text, sizeof text - 1);
	text[n > 0 ? n : 0] = 0;
	say("queue file: %s", n > 0 ? text : "(none)\n");
	struct stat st;
	show_ret("stat", stat(path, &st), errno);
	say("regular %s mode %o size %lld\n", S_ISREG(st.st_mode) ? "yes" : "no", st.st_mode & 07777,
	    (long long)st.st_size);
	int found = 0;
	DIR *d = opendir("/tmp/mq");
	struct dirent *e;
	while (d && (e = readdir(d)))
		found += strcmp(e->d_name, name + 1) == 0;
	if (d)
		closedir(d);
	say("listed: %d\n", found);
	expect_err("mkdir in mqueue", mkdir("/tmp/mq/dir", 0755), errno, EPERM);
	show_ret("unlink(2) the queue", unlink(path), errno);
	expect_err("mq_open after unlink(2)", mq_open(name, O_RDWR), errno, ENOENT);
	show_ret("umount", umount("/tmp/mq"), errno);
}

int main(void)
{
	snprintf(name, sizeof name, "/lvtest-mqn-%d", (int)getpid());
	mq_unlink(name);
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0640, &attr);
	show_ret("mq_open", q < 0 ? -1 : 0, errno);
	notify(q);
	limits();
	filesystem(q);
	mq_close(q);
	done();
	return 0;
}
