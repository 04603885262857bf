/* sysv_sem: System V semaphores (Linux ipc/sem.c): semget with keys and its
 * errors, SETVAL/GETVAL/GETPID/SETALL/GETALL, IPC_STAT and IPC_SET,
 * IPC_INFO, SEM_INFO and SEM_STAT, semop applying all operations or none,
 * IPC_NOWAIT (EAGAIN), ERANGE, EFBIG, E2BIG, a semtimedop that times out,
 * a child blocked in semop (seen by GETNCNT and GETZCNT) woken by the
 * parent, EIDRM for a sleeper when the set is removed, EINTR, and SEM_UNDO
 * applied when the process exits. */
#include "lvtest.h"
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>

union semun_arg {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

static long ctl(int id, int num, int cmd, union semun_arg arg)
{
	return syscall(SYS_semctl, id, num, cmd, arg);
}

static long ctl_val(int id, int num, int cmd, int val)
{
	union semun_arg a = {.val = val};
	return ctl(id, num, cmd, a);
}

static long op(int id, int num, int delta, int flg)
{
	struct sembuf b = {(unsigned short)num, (short)delta, (short)flg};
	return syscall(SYS_semop, id, &b, 1);
}

static void show(const char *label, long r)
{
	show_ret(label, r, errno);
}

/* Waits (yielding) until count semops sleep on semaphore num of id: GETNCNT or GETZCNT. */
static int wait_sleepers(int id, int num, int cmd, int count)
{
	for (long i = 0; i < 10000000; i++) {
		if (ctl_val(id, num, cmd, 0) == count)
			return 1;
		sched_yield();
	}
	return 0;
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	key_t key = 0x5e3a11;
	errno = 0;
	show("semget key, no IPC_CREAT", syscall(SYS_semget, key, 2, 0600));
	int id = (int)syscall(SYS_semget, key, 3, IPC_CREAT | 0600);
	yesno("semget IPC_CREAT", id >= 0);
	yesno("semget again: same id", syscall(SYS_semget, key, 3, 0600) == id);
	yesno("semget fewer: same id", syscall(SYS_semget, key, 1, 0600) == id);
	show("semget more than it has", syscall(SYS_semget, key, 4, 0600));
	show("semget IPC_EXCL", syscall(SYS_semget, key, 3, IPC_CREAT | IPC_EXCL | 0600));
	show("semget nsems 0 private", syscall(SYS_semget, IPC_PRIVATE, 0, 0600));
	show("semget nsems -1", syscall(SYS_semget, IPC_PRIVATE, -1, 0600));
	show("semget nsems 32001", syscall(SYS_semget, IPC_PRIVATE, 32001, 0600));

	/* values */
	show("GETVAL fresh", ctl_val(id, 0, GETVAL, 0));
	show("SETVAL 5", ctl_val(id, 1, SETVAL, 5));
	show("GETVAL", ctl_val(id, 1, GETVAL, 0));
	yesno("GETPID is ours", ctl_val(id, 1, GETPID, 0) == getpid());
	show("GETPID untouched", ctl_val(id, 0, GETPID, 0));
	show("SETVAL 32768", ctl_val(id, 1, SETVAL, 32768));
	show("SETVAL -1", ctl_val(id, 1, SETVAL, -1));
	show("GETVAL semnum 3", ctl_val(id, 3, GETVAL, 0));
	show("GETVAL bad id", ctl_val(id + 1, 0, GETVAL, 0));
	show("semctl id -1", ctl_val(-1, 0, GETVAL, 0));
	show("semctl cmd 99", ctl_val(id, 0, 99, 0));
	unsigned short all[3] = {1, 2, 3}, got[3] = {0, 0, 0};
	union semun_arg a = {.array = all};
	show("SETALL", ctl(id, 0, SETALL, a));
	a.array = got;
	show("GETALL", ctl(id, 0, GETALL, a));
	say("values %u %u %u\n", got[0], got[1], got[2]);
	unsigned short big[3] = {1, 40000, 3};
	a.array = big;
	show("SETALL over SEMVMX", ctl(id, 0, SETALL, a));
	a.array = (unsigned short *)8;
	show("GETALL bad pointer", ctl(id, 0, GETALL, a));

	/* IPC_STAT, IPC_SET, SEM_STAT, IPC_INFO, SEM_INFO */
	struct semid_ds ds;
	memset(&ds, 0, sizeof(ds));
	a.buf = &ds;
	show("IPC_STAT", ctl(id, 0, IPC_STAT, a));
	say("nsems %lu mode %o key %s otime %s ctime %s\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777,
	    ds.sem_perm.__key == key ? "ok" : "wrong", ds.sem_otime ? "set" : "0", ds.sem_ctime ? "set" : "0");
	ds.sem_perm.mode = 0640;
	show("IPC_SET", ctl(id, 0, IPC_SET, a));
	memset(&ds, 0, sizeof(ds));
	ctl(id, 0, IPC_STAT, a);
	say("mode after IPC_SET %o\n", ds.sem_perm.mode & 0777);
	struct seminfo si;
	a.info = &si;
	long highest = ctl(0, 0, IPC_INFO, a);
	say("IPC_INFO: semmni %d semmsl %d semmns %d semopm %d semvmx %d semaem %d semume %d semusz %d\n", si.semmni,
	    si.semmsl, si.semmns, si.semopm, si.semvmx, si.semaem, si.semume, si.semusz);
	ctl(0, 0, SEM_INFO, a);
	say("SEM_INFO: sets %d semaphores %d\n", si.semusz, si.semaem);
	a.buf = &ds;
	yesno("SEM_STAT of the highest index: our id", ctl((int)highest, 0, SEM_STAT, a) == id);

	/* semop */
	struct sembuf two[2] = {{0, -1, 0}, {2, -5, IPC_NOWAIT}};
	errno = 0;
	show("semop all or none (EAGAIN)", syscall(SYS_semop, id, two, 2));
	show("GETVAL 0 unchanged", ctl_val(id, 0, GETVAL, 0));
	two[1].sem_op = -3;
	show("semop two", syscall(SYS_semop, id, two, 2));
	a.array = got;
	ctl(id, 0, GETALL, a);
	say("values %u %u %u\n", got[0], got[1], got[2]);
	a.buf = &ds;
	ctl(id, 0, IPC_STAT, a);
	say("otime %s\n", ds.sem_otime ? "set" : "0");
	show("semop wait-for-zero on 0", op(id, 0, 0, IPC_NOWAIT));
	show("semop wait-for-zero on 1", op(id, 1, 0, IPC_NOWAIT));
	show("semop over SEMVMX", op(id, 1, 32767, 0));
	show("semop semnum 3", op(id, 3, 1, 0));
	struct sembuf many[501];
	memset(many, 0, sizeof(many));
	show("semop 501 ops", syscall(SYS_semop, id, many, 501));
	show("semop 0 ops", syscall(SYS_semop, id, many, 0));
	show("semop bad pointer", syscall(SYS_semop, id, (void *)8, 1));
	struct timespec ts = {0, 20000000};
	struct sembuf down = {0, -1, 0};
	show("semtimedop times out", syscall(SYS_semtimedop, id, &down, 1, &ts));
	ts.tv_nsec = 1000000000;
	show("semtimedop bad timeout", syscall(SYS_semtimedop, id, &down, 1, &ts));

	/* a child sleeps in semop until we raise the value */
	pid_t pid = fork();
	if (pid == 0)
		_exit(op(id, 0, -2, 0) == 0 ? 0 : 1);
	yesno("child sleeps (GETNCNT 1)", wait_sleepers(id, 0, GETNCNT, 1));
	show("GETZCNT", ctl_val(id, 0, GETZCNT, 0));
	show("semop +2", op(id, 0, 2, 0));
	int status;
	waitpid(pid, &status, 0);
	say("child: exit %d\n", WEXITSTATUS(status));
	yesno("GETPID: the child", ctl_val(id, 0, GETPID, 0) == pid);

	/* waiting for zero, and EINTR */
	ctl_val(id, 2, SETVAL, 1);
	pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr1;
		sigaction(SIGUSR1, &sa, NULL);
		errno = 0;
		long r = op(id, 2, 0, 0);
		_exit(r == -1 && errno == EINTR ? 7 : 1);
	}
	yesno("child waits for zero (GETZCNT 1)", wait_sleepers(id, 2, GETZCNT, 1));
	kill(pid, SIGUSR1);
	waitpid(pid, &status, 0);
	say("child interrupted: exit %d\n", WEXITSTATUS(status));

	/* SEM_UNDO: a child takes 1 with SEM_UNDO and exits; the value comes back */
	ctl_val(id, 1, SETVAL, 3);
	pid = fork();
	if (pid == 0)
		_exit(op(id, 1, -1, SEM_UNDO) == 0 && op(id, 1, -1, SEM_UNDO) == 0 ? 0 : 1);
	waitpid(pid, &status, 0);
	show("after an undone child: GETVAL", ctl_val(id, 1, GETVAL, 0));
	/* SETVAL clears the adjustment */
	pid = fork();
	if (pid == 0) {
		op(id, 1, -1, SEM_UNDO);
		ctl_val(id, 1, SETVAL, 10);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show("after SETVAL in the child: GETVAL", ctl_val(id, 1, GETVAL, 0));

	/* EIDRM for a sleeper when the set goes */
	pid = fork();
	if (pid == 0) {
		errno = 0;
		long r = op(id, 0, -100, 0);
		_exit(r == -1 && errno == EIDRM ? 9 : 1);
	}
	yesno("child sleeps again", wait_sleepers(id, 0, GETNCNT, 1));
	show("IPC_RMID", ctl_val(id, 0, IPC_RMID, 0));
	waitpid(pid, &status, 0);
	say("child after IPC_RMID: exit %d\n", WEXITSTATUS(status));
	show("GETVAL after IPC_RMID", ctl_val(id, 0, GETVAL, 0));
	show("semget key after IPC_RMID", syscall(SYS_semget, key, 1, 0600));
	done();
	return 0;
}
