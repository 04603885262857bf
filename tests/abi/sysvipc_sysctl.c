/*
 * sysvipc_sysctl.c — the System V IPC limits in /proc/sys/kernel are
 * writable by root and the calls obey them (Linux ipc/ipc_sysctl.c and
 * ipc/{msg,sem,shm}.c): msgmni/shmmni/the fourth number of sem cap how many
 * objects exist (ENOSPC), msgmax caps a message (EINVAL), msgmnb is a new
 * queue's qbytes, shmmax a segment's size (EINVAL), shmall the pages of all
 * segments (ENOSPC), semmsl a set (EINVAL), semmns all semaphores (ENOSPC),
 * semopm a semop (E2BIG); the IPC_INFO calls report them. Values out of
 * range are EINVAL (semmni: ERANGE, sem_check_semmni). Every limit is put back at the end.
 */
#include "lvtest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define KERNEL_SYSCTL "/proc/sys/kernel/"

static const char *const limit_names[] = {"msgmax", "msgmnb", "msgmni", "shmmax", "shmall", "shmmni", "sem"};
#define NR_LIMITS (sizeof(limit_names) / sizeof(limit_names[0]))
static char saved[NR_LIMITS][128];

static void set_limit(const char *name, const char *value)
{
	char path[64], label[96];
	snprintf(path, sizeof(path), KERNEL_SYSCTL "%s", name);
	snprintf(label, sizeof(label), "write %s=%s", name, value);
	long r = write_sysctl(path, value);
	show_ret(label, r < 0 ? -1 : 0, errno);
}

static void show_limit(const char *name)
{
	char path[64], text[128] = "";
	snprintf(path, sizeof(path), KERNEL_SYSCTL "%s", name);
	slurp_file(path, text, sizeof(text));
	say("%s: %s", name, text);
}

static void test_msg(void)
{
	set_limit("msgmni", "2");
	int a = msgget(IPC_PRIVATE, 0600), b = msgget(IPC_PRIVATE, 0600);
	yesno("two queues under msgmni 2", a >= 0 && b >= 0);
	expect_err("a third queue", msgget(IPC_PRIVATE, 0600), errno, ENOSPC);
	msgctl(b, IPC_RMID, NULL);
	int c = msgget(0x5eed1, IPC_CREAT | 0600);
	yesno("a keyed queue once one is removed", c >= 0);
	yesno("the key finds it", msgget(0x5eed1, 0) == c);
	msgctl(c, IPC_RMID, NULL);
	expect_err("its key after removal", msgget(0x5eed1, 0), errno, ENOENT);
	set_limit("msgmni", "32000");

	set_limit("msgmax", "100");
	set_limit("msgmnb", "200");
	struct {
		long type;
		char text[128];
	} m = {1, ""};
	show_ret("msgsnd 100 bytes", msgsnd(a, &m, 100, IPC_NOWAIT), errno);
	expect_err("msgsnd 101 bytes", msgsnd(a, &m, 101, IPC_NOWAIT), errno, EINVAL);
	int d = msgget(IPC_PRIVATE, 0600);
	struct msqid_ds ds;
	msgctl(d, IPC_STAT, &ds);
	say("new queue qbytes: %lu\n", (unsigned long)ds.msg_qbytes);
	struct msginfo info;
	msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	say("IPC_INFO msgmax %d msgmnb %d msgmni %d\n", info.msgmax, info.msgmnb, info.msgmni);
	msgctl(a, IPC_RMID, NULL);
	msgctl(d, IPC_RMID, NULL);
	expect_err("msgmni 32769", write_sysctl(KERNEL_SYSCTL "msgmni", "32769"), errno, EINVAL);
	expect_err("msgmax -1", write_sysctl(KERNEL_SYSCTL "msgmax", "-1"), errno, EINVAL);
	expect_err("msgmnb x", write_sysctl(KERNEL_SYSCTL "msgmnb", "x"), errno, EINVAL);
	show_limit("msgmni");
}

static void test_shm(void)
{
	set_limit("shmmax", "8192");
	expect_err("shmget 8193 bytes", shmget(IPC_PRIVATE, 8193, 0600), errno, EINVAL);
	int a = shmget(IPC_PRIVATE, 8192, 0600);
	yesno("shmget 8192 bytes", a >= 0);
	set_limit("shmall", "3");
	expect_err("two more pages past shmall 3", shmget(IPC_PRIVATE, 8192, 0600), errno, ENOSPC);
	int b = shmget(IPC_PRIVATE, 4096, 0600);
	yesno("one more page", b >= 0);
	set_limit("shmall", "1000");
	set_limit("shmmni", "2");
	expect_err("a third segment", shmget(IPC_PRIVATE, 4096, 0600), errno, ENOSPC);
	struct shminfo info;
	shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
	say("IPC_INFO shmmax %lu shmall %lu shmmni %lu\n", info.shmmax, info.shmall, info.shmmni);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
	expect_err("shmmni 40000", write_sysctl(KERNEL_SYSCTL "shmmni", "40000"), errno, EINVAL);
	show_limit("shmmni");
}

static void test_sem(void)
{
	set_limit("sem", "10 15 5 2");
	show_limit("sem");
	expect_err("semget 11 semaphores", semget(IPC_PRIVATE, 11, 0600), errno, EINVAL);
	int a = semget(IPC_PRIVATE, 10, 0600);
	yesno("semget 10", a >= 0);
	expect_err("10 more past semmns 15", semget(IPC_PRIVATE, 10, 0600), errno, ENOSPC);
	int b = semget(IPC_PRIVATE, 5, 0600);
	yesno("5 more", b >= 0);
	set_limit("sem", "10 100 5");
	expect_err("a third set past semmni 2", semget(IPC_PRIVATE, 1, 0600), errno, ENOSPC);
	struct sembuf ops[6];
	for (int i = 0; i < 6; i++)
		ops[i] = (struct sembuf){.sem_num = (unsigned short)i, .sem_op = 1, .sem_flg = 0};
	expect_err("semop of 6 past semopm 5", semop(a, ops, 6), errno, E2BIG);
	show_ret("semop of 5", semop(a, ops, 5), errno);
	struct seminfo info;
	semctl(0, 0, IPC_INFO, &info);
	say("IPC_INFO semmsl %d semmns %d semopm %d semmni %d\n", info.semmsl, info.semmns, info.semopm, info.semmni);
	semctl(a, 0, IPC_RMID);
	semctl(b, 0, IPC_RMID);
	expect_err("semmni 40000", write_sysctl(KERNEL_SYSCTL "sem", "11 101 6 40000"), errno, ERANGE);
	show_limit("sem");
}

int main(void)
{
	for (size_t i = 0; i < NR_LIMITS; i++) {
		char path[64];
		snprintf(path, sizeof(path), KERNEL_SYSCTL "%s", limit_names[i]);
		slurp_file(path, saved[i], sizeof(saved[i]));
	}
	test_msg();
	test_shm();
	test_sem();
	for (size_t i = 0; i < NR_LIMITS; i++) {
		char path[64];
		snprintf(path, sizeof(path), KERNEL_SYSCTL "%s", limit_names[i]);
		if (write_sysctl(path, saved[i]) < 0)
			say("restoring %s failed\n", limit_names[i]);
	}
	show_limit("sem");
	show_limit("msgmni");
	done();
	return 0;
}
