/*
 * msgrcv_copy.c — msgrcv's MSG_COPY (Linux 6.1 ipc/msg.c, built with
 * CONFIG_CHECKPOINT_RESTORE as Debian's kernel is): the message at place
 * msgtyp (from 0) is copied and stays queued; IPC_NOWAIT is required and
 * MSG_EXCEPT refused (EINVAL); a place past the last is ENOMSG; a buffer
 * too small E2BIG, or with MSG_NOERROR EINVAL (copy_msg); the queue's
 * counts do not move.
 */
#include "lvtest.h"

#include <sys/ipc.h>
#include <sys/msg.h>

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct msgbuf_ {
	long type;
	char text[64];
};

static void copy_at(const char *label, int q, long index, size_t size, int flag)
{
	struct msgbuf_ b = {0};
	errno = 0;
	ssize_t n = msgrcv(q, &b, size, index, flag);
	if (n < 0)
		say("%s: %s\n", label, errname(errno));
	else
		say("%s: %zd bytes, type %ld, [%.*s]\n", label, n, b.type, (int)n, b.text);
}

int main(void)
{
	int q = msgget(IPC_PRIVATE, 0600);
	struct msgbuf_ m1 = {5, "first"}, m2 = {7, "second message"}, m3 = {5, "third"};
	msgsnd(q, &m1, 5, 0);
	msgsnd(q, &m2, 14, 0);
	msgsnd(q, &m3, 5, 0);
	copy_at("without IPC_NOWAIT", q, 0, 64, MSG_COPY);
	copy_at("with MSG_EXCEPT", q, 0, 64, MSG_COPY | IPC_NOWAIT | MSG_EXCEPT);
	copy_at("place 0", q, 0, 64, MSG_COPY | IPC_NOWAIT);
	copy_at("place 1", q, 1, 64, MSG_COPY | IPC_NOWAIT);
	copy_at("place 2", q, 2, 64, MSG_COPY | IPC_NOWAIT);
	copy_at("place 3", q, 3, 64, MSG_COPY | IPC_NOWAIT);
	copy_at("place 1 into 4 bytes", q, 1, 4, MSG_COPY | IPC_NOWAIT);
	copy_at("place 1 into 4 bytes, MSG_NOERROR", q, 1, 4, MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
	errno = 0;
	say("from a bad buffer: %zd %s\n", msgrcv(q, (void *)8, 16, 0, MSG_COPY | IPC_NOWAIT), errname(errno));
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	say("still queued: %lu messages, %lu bytes, last receiver %s\n", (unsigned long)ds.msg_qnum,
	    (unsigned long)ds.__msg_cbytes, ds.msg_lrpid ? "set" : "none");
	copy_at("a normal receive of type 7", q, 7, 64, IPC_NOWAIT);
	copy_at("place 1 now", q, 1, 64, MSG_COPY | IPC_NOWAIT);
	msgctl(q, IPC_RMID, NULL);
	done();
	return 0;
}
