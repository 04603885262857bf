/* sysv_msg: System V message queues (Linux ipc/msg.c): msgget with keys,
 * msgsnd/msgrcv by type (0, exact, MSG_EXCEPT, the lowest up to -type),
 * E2BIG and MSG_NOERROR, IPC_NOWAIT (ENOMSG, EAGAIN on a full queue), a
 * receiver blocked until a child sends, a sender blocked until a child
 * reads, EIDRM for a waiter when the queue is removed, EINTR, IPC_STAT
 * counts, IPC_SET of msg_qbytes, IPC_INFO, permissions, and the errors. */
#include "lvtest.h"
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>

struct mbuf {
	long type;
	char text[8192];
};

static long snd(int q, long type, const char *text, size_t len, int flag)
{
	struct mbuf m;
	m.type = type;
	memcpy(m.text, text, len);
	return syscall(SYS_msgsnd, q, &m, len, flag);
}

static void rcv(const char *label, int q, size_t size, long type, int flag)
{
	struct mbuf m;
	memset(&m, 0, sizeof(m));
	errno = 0;
	long n = syscall(SYS_msgrcv, q, &m, size, type, flag);
	if (n < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: %ld type %ld \"%.*s\"\n", label, n, m.type, (int)n, m.text);
}

static void counts(const char *label, int q)
{
	struct msqid_ds ds;
	memset(&ds, 0, sizeof(ds));
	syscall(SYS_msgctl, q, IPC_STAT, &ds);
	say("%s: qnum %lu cbytes %lu qbytes %lu mode %#o lspid %s lrpid %s\n", label, (unsigned long)ds.msg_qnum,
	    (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes, ds.msg_perm.mode,
	    ds.msg_lspid == 0	       ? "0"
	    : ds.msg_lspid == getpid() ? "me"
				       : "other",
	    ds.msg_lrpid == 0	       ? "0"
	    : ds.msg_lrpid == getpid() ? "me"
				       : "other");
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	int q = (int)syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
	yesno("msgget private", q >= 0);
	counts("fresh", q);
	show_ret("send 1 a", snd(q, 1, "one-a", 5, 0), errno);
	show_ret("send 2", snd(q, 2, "two", 3, 0), errno);
	show_ret("send 1 b", snd(q, 1, "one-b", 5, 0), errno);
	show_ret("send 3", snd(q, 3, "three", 5, 0), errno);
	show_ret("send empty 5", snd(q, 5, "", 0, 0), errno);
	counts("five queued", q);
	rcv("too small", q, 2, 3, 0);
	rcv("MSG_NOERROR", q, 2, 3, MSG_NOERROR);
	rcv("type 2", q, 100, 2, 0);
	rcv("type -3 (lowest <= 3)", q, 100, -3, 0);
	rcv("except 1 (the empty one)", q, 100, 1, MSG_EXCEPT);
	rcv("type 0", q, 100, 0, 0);
	rcv("nothing, IPC_NOWAIT", q, 100, 0, IPC_NOWAIT);
	counts("drained", q);

	/* a receiver waits until a child sends */
	pid_t pid = fork();
	if (pid == 0) {
		struct mbuf m;
		long n = syscall(SYS_msgrcv, q, &m, 100, 7, 0);
		_exit(n == 4 && memcmp(m.text, "ping", 4) == 0 ? 0 : 1);
	}
	show_ret("send 7 to the waiting child", snd(q, 7, "ping", 4, 0), errno);
	int st;
	waitpid(pid, &st, 0);
	say("child received: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	counts("after child", q);

	/* a full queue: EAGAIN, then a sender waits until a child reads */
	struct msqid_ds ds;
	syscall(SYS_msgctl, q, IPC_STAT, &ds);
	ds.msg_qbytes = 100;
	show_ret("IPC_SET qbytes 100", syscall(SYS_msgctl, q, IPC_SET, &ds), errno);
	char fill[100];
	memset(fill, 'f', sizeof(fill));
	show_ret("send 100 bytes", snd(q, 1, fill, 100, 0), errno);
	errno = 0;
	expect_err("send 1 more, IPC_NOWAIT", snd(q, 1, "x", 1, IPC_NOWAIT), errno, EAGAIN);
	int go[2];
	pipe(go);
	pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);
		struct mbuf m;
		_exit(syscall(SYS_msgrcv, q, &m, 100, 1, 0) == 100 ? 0 : 1);
	}
	write(go[1], "g", 1);
	show_ret("send 1 more, waiting for room", snd(q, 2, "x", 1, 0), errno);
	waitpid(pid, &st, 0);
	say("child read: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	rcv("the late one", q, 100, 0, 0);
	ds.msg_qbytes = 16384;
	syscall(SYS_msgctl, q, IPC_SET, &ds);

	/* EINTR: a signal with a handler ends a wait */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		struct mbuf m;
		errno = 0;
		long r = syscall(SYS_msgrcv, q, &m, 100, 9, 0);
		_exit(r == -1 && errno == EINTR ? 0 : 1);
	}
	/* wait until the child sleeps in msgrcv: its state in /proc */
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 100000; i++) {
		if (slurp_file(path, buf, sizeof(buf)) > 0) {
			char *s = strrchr(buf, ')');
			if (s && s[2] == 'S')
				break;
		}
		sched_yield();
	}
	kill(pid, SIGUSR1);
	waitpid(pid, &st, 0);
	say("msgrcv interrupted: EINTR %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* EIDRM: the queue removed under a waiter */
	pid = fork();
	if (pid == 0) {
		struct mbuf m;
		errno = 0;
		long r = syscall(SYS_msgrcv, q, &m, 100, 9, 0);
		_exit(r == -1 && errno == EIDRM ? 0 : 1);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 100000; i++) {
		if (slurp_file(path, buf, sizeof(buf)) > 0) {
			char *s = strrchr(buf, ')');
			if (s && s[2] == 'S')
				break;
		}
		sched_yield();
	}
	show_ret("IPC_RMID", syscall(SYS_msgctl, q, IPC_RMID, NULL), errno);
	waitpid(pid, &st, 0);
	say("waiter saw EIDRM: %d\n", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	errno = 0;
	expect_err("send to removed", snd(q, 1, "x", 1, 0), errno, EINVAL);

	/* keys and permissions */
	key_t key = 0x5eed0002;
	errno = 0;
	expect_err("msgget key without IPC_CREAT", syscall(SYS_msgget, key, 0600), errno, ENOENT);
	int k = (int)syscall(SYS_msgget, key, IPC_CREAT | IPC_EXCL | 0640);
	yesno("msgget key", k >= 0);
	say("same key: %d\n", (int)syscall(SYS_msgget, key, 0) == k);
	errno = 0;
	expect_err("IPC_EXCL", syscall(SYS_msgget, key, IPC_CREAT | IPC_EXCL), errno, EEXIST);
	snd(k, 1, "hi", 2, 0);
	pid = fork();
	if (pid == 0) {
		if (setgid(2000) || setuid(2000))
			_exit(99);
		int code = 0;
		struct mbuf m;
		errno = 0;
		if (!(syscall(SYS_msgget, key, 0400) == -1 && errno == EACCES))
			code |= 1;
		errno = 0;
		if (!(syscall(SYS_msgrcv, k, &m, 100, 0, IPC_NOWAIT) == -1 && errno == EACCES))
			code |= 2;
		errno = 0;
		if (!(snd(k, 1, "x", 1, 0) == -1 && errno == EACCES))
			code |= 4;
		errno = 0;
		if (!(syscall(SYS_msgctl, k, IPC_RMID, NULL) == -1 && errno == EPERM))
			code |= 8;
		struct msqid_ds d;
		errno = 0;
		if (!(syscall(SYS_msgctl, k, IPC_STAT, &d) == -1 && errno == EACCES))
			code |= 16;
		_exit(code);
	}
	waitpid(pid, &st, 0);
	say("unprivileged: %d\n", WEXITSTATUS(st));
	struct msginfo info;
	long hi = syscall(SYS_msgctl, 0, IPC_INFO, &info);
	say("IPC_INFO: ret>=0 %d msgmax %d msgmnb %d msgmni %d msgssz %d msgtql %d msgpool %d msgmap %d msgseg %d\n",
	    hi >= 0, info.msgmax, info.msgmnb, info.msgmni, info.msgssz, info.msgtql, info.msgpool, info.msgmap,
	    info.msgseg);

	/* errors */
	errno = 0;
	expect_err("send type 0", snd(k, 0, "x", 1, 0), errno, EINVAL);
	errno = 0;
	expect_err("send 8193 bytes", syscall(SYS_msgsnd, k, &(struct mbuf){1, {0}}, 8193, 0), errno, EINVAL);
	errno = 0;
	expect_err("send EFAULT", syscall(SYS_msgsnd, k, (void *)8, 1, 0), errno, EFAULT);
	errno = 0;
	expect_err("send bad id", snd(0x7fff0000, 1, "x", 1, 0), errno, EINVAL);
	errno = 0;
	expect_err("rcv -1 id", syscall(SYS_msgrcv, -1, &info, 10, 0, 0), errno, EINVAL);
	errno = 0;
	expect_err("msgctl bad cmd", syscall(SYS_msgctl, k, 99, NULL), errno, EINVAL);
	struct msqid_ds big;
	syscall(SYS_msgctl, k, IPC_STAT, &big);
	big.msg_qbytes = 1 << 20;
	show_ret("IPC_SET qbytes 1 MiB as root", syscall(SYS_msgctl, k, IPC_SET, &big), errno);
	show_ret("IPC_RMID keyed", syscall(SYS_msgctl, k, IPC_RMID, NULL), errno);
	done();
	return 0;
}
