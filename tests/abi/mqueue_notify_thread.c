/* mqueue_notify_thread: mq_notify's SIGEV_THREAD as Linux's ipc/mqueue.c
 * does it, seen through the raw system call and through the C library.
 * Raw: the descriptor must be a netlink socket (EBADF, ENOTSOCK for a
 * pipe, EINVAL for a UDP socket), the cookie pointer must be readable
 * (EFAULT); a registration keeps the 32-byte cookie and queues it on the
 * netlink socket from the kernel (port 0) with its last byte 1
 * (NOTIFY_WOKENUP) when a message comes to the empty queue, or 2
 * (NOTIFY_REMOVED) when mq_notify(NULL) or the owner's close ends it; a
 * refused second registration (EBUSY) sends nothing. Library: mq_notify
 * with SIGEV_THREAD runs the function in a new thread with sigev_value. */
#include "lvtest.h"
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#define NETLINK_ROUTE 0
struct nl_addr { /* struct sockaddr_nl (linux/netlink.h, which musl's tree lacks) */
	unsigned short nl_family, nl_pad;
	unsigned nl_pid, nl_groups;
};

#define COOKIE_LEN 32

static char name[64];

/* The raw call: SIGEV_THREAD with sigev_signo sock and the cookie at value. */
static long notify_raw(mqd_t q, int sock, void *cookie)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_signo = sock;
	ev.sigev_value.sival_ptr = cookie;
	return syscall(SYS_mq_notify, q, &ev);
}

/* What the netlink socket holds now: each datagram's length, sender and last byte. */
static void drain(const char *label, int nl)
{
	unsigned char buf[64];
	int n = 0;
	for (;;) {
		struct nl_addr from;
		socklen_t flen = sizeof from;
		memset(&from, 0x55, sizeof from);
		long r = recvfrom(nl, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
		if (r < 0) {
			say("%s: %d datagram(s), then %s\n", label, n, errname(errno));
			return;
		}
		n++;
		say("%s: %ld bytes from family %d pid %u groups %u, first bytes \"%.4s\", last byte %d\n", label, r,
		    from.nl_family, from.nl_pid, from.nl_groups, (char *)buf, r ? buf[r - 1] : -1);
	}
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int fired;

static void on_message(union sigval v)
{
	pthread_mutex_lock(&lock);
	fired = v.sival_int;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

int main(void)
{
	snprintf(name, sizeof name, "/lvtest_thread_%d", (int)getpid());
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
	mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
	if (q < 0) {
		say("mq_open: %s\n", errname(errno));
		return 1;
	}
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	int p[2];
	pipe(p);
	unsigned char cookie[COOKIE_LEN];
	memcpy(cookie, "cookie for the thread, 32 bytes!", COOKIE_LEN);

	expect_err("a closed descriptor", notify_raw(q, 99, cookie), errno, EBADF);
	expect_err("a pipe", notify_raw(q, p[0], cookie), errno, ENOTSOCK);
	expect_err("a UDP socket", notify_raw(q, udp, cookie), errno, EINVAL);
	expect_err("an unreadable cookie", notify_raw(q, nl, (void *)8), errno, EFAULT);
	expect_err("not a queue", notify_raw(p[0], nl, cookie), errno, EBADF);
	drain("after the refused calls", nl);

	show_ret("register", notify_raw(q, nl, cookie), errno);
	expect_err("register again", notify_raw(q, nl, cookie), errno, EBUSY);
	drain("after EBUSY", nl);
	show_ret("mq_send", mq_send(q, "m1", 2, 0), errno);
	drain("after a message", nl);
	char msg[16];
	mq_receive(q, msg, sizeof msg, NULL);

	show_ret("register", notify_raw(q, nl, cookie), errno);
	show_ret("mq_notify(NULL)", syscall(SYS_mq_notify, q, NULL), errno);
	drain("after mq_notify(NULL)", nl);

	show_ret("register", notify_raw(q, nl, cookie), errno);
	mqd_t dup = mq_open(name, O_RDWR);
	mq_close(dup);
	drain("after closing another descriptor", nl);
	mq_send(q, "m2", 2, 0);
	drain("after a message", nl);
	mq_receive(q, msg, sizeof msg, NULL);

	/* the C library's SIGEV_THREAD: its own netlink socket and helper thread */
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = on_message;
	ev.sigev_value.sival_int = 77;
	show_ret("mq_notify SIGEV_THREAD", mq_notify(q, &ev), errno);
	mq_send(q, "m3", 2, 0);
	pthread_mutex_lock(&lock);
	while (!fired)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	say("the function ran with %d\n", fired);

	mq_close(q);
	mq_unlink(name);
	done();
	return 0;
}
