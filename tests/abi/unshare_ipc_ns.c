/*
 * unshare_ipc_ns.c — IPC namespaces (man 7 ipc_namespaces, Linux
 * ipc/namespace.c): after unshare(CLONE_NEWIPC), or in a child of
 * clone(CLONE_NEWIPC), the System V objects of the parent's namespace are
 * gone (ids EINVAL, keys ENOENT, /proc/sysvipc empty), new ones start from
 * id 0 and are not seen by the parent, and so are its POSIX message queues
 * (each namespace has its own mqueue instance); /proc/self/ns/ipc is
 * another namespace, with the default limits (kernel.msgmax, shmmni, sem)
 * whatever the parent set; setns with the parent's /proc/PID/ns/ipc file
 * takes the parent's objects back. clone(CLONE_NEWIPC | CLONE_SYSVSEM) is EINVAL;
 * without CAP_SYS_ADMIN unshare is EPERM.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define KEY 0x4e53 /* "NS" */

static int shmid;

static ino_t ns_ino(void)
{
	struct stat st;
	return stat("/proc/self/ns/ipc", &st) == 0 ? st.st_ino : 0;
}

static int child_status(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

/* Lines of a /proc/sysvipc file, its header included. */
static int proc_lines(const char *path)
{
	char text[4096] = "";
	slurp_file(path, text, sizeof text);
	int n = 0;
	for (char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

static void shm_attach(const char *label)
{
	void *p = shmat(shmid, NULL, 0);
	show_ret(label, p == (void *)-1 ? -1 : 0, errno);
	if (p != (void *)-1)
		shmdt(p);
}

static void inside(const char *who, ino_t parent_ns)
{
	yesno("another namespace", ns_ino() != parent_ns);
	say("%s:\n", who);
	shm_attach("  shmat the parent's segment");
	show_ret("  shmget its key", shmget(KEY, 0, 0), errno);
	show_ret("  msgget the parent's key", msgget(KEY, 0), errno);
	show_ret("  semget the parent's key", semget(KEY, 0, 0), errno);
	say("  /proc/sysvipc/shm lines: %d, msg: %d, sem: %d\n", proc_lines("/proc/sysvipc/shm"),
	    proc_lines("/proc/sysvipc/msg"), proc_lines("/proc/sysvipc/sem"));
	say("  a new segment's id: %d\n", shmget(KEY, 4096, IPC_CREAT | 0600));
	say("  a new queue's id: %d\n", msgget(IPC_PRIVATE, 0600));
	say_file("  kernel.msgmax", "/proc/sys/kernel/msgmax");
	say_file("  kernel.shmmni", "/proc/sys/kernel/shmmni");
	say_file("  kernel.sem", "/proc/sys/kernel/sem");
	show_ret("  mq_open the parent's queue", mq_open("/nsparent", O_RDONLY), errno);
	show_ret("  mq_open O_CREAT its own", mq_open("/nschild", O_RDONLY | O_CREAT, 0600, NULL) < 0 ? -1 : 0, errno);
}

int main(void)
{
	shmid = shmget(KEY, 4096, IPC_CREAT | 0600);
	int msqid = msgget(KEY, IPC_CREAT | 0600);
	int semid = semget(KEY, 1, IPC_CREAT | 0600);
	mq_close(mq_open("/nsparent", O_RDONLY | O_CREAT, 0600, NULL));
	ino_t parent_ns = ns_ino();
	char msgmax[32] = "", shmmni[32] = "", sem[64] = "";
	slurp_file("/proc/sys/kernel/msgmax", msgmax, sizeof msgmax);
	slurp_file("/proc/sys/kernel/shmmni", shmmni, sizeof shmmni);
	slurp_file("/proc/sys/kernel/sem", sem, sizeof sem);
	write_sysctl("/proc/sys/kernel/msgmax", "4000");
	write_sysctl("/proc/sys/kernel/shmmni", "300");
	write_sysctl("/proc/sys/kernel/sem", "100 1000 50 200");

	pid_t pid = fork();
	if (pid == 0) {
		int old_ns = open("/proc/self/ns/ipc", O_RDONLY);
		show_ret("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC), errno);
		inside("unshared", parent_ns);
		show_ret("setns back to the parent's namespace", setns(old_ns, CLONE_NEWIPC), errno);
		yesno("the parent's namespace again", ns_ino() == parent_ns);
		shm_attach("shmat the parent's segment");
		show_ret("mq_open the parent's queue", mq_open("/nsparent", O_RDONLY) < 0 ? -1 : 0, errno);
		show_ret("mq_open the child's queue", mq_open("/nschild", O_RDONLY), errno);
		_exit(0);
	}
	say("unshared child: status %d\n", child_status(pid));
	struct shmid_ds ds;
	show_ret("parent: its segment still there", shmctl(shmid, IPC_STAT, &ds) < 0 ? -1 : 0, errno);
	say("parent: segments with the key: %d\n", shmget(KEY, 0, 0) == shmid ? 1 : 0);
	say_file("parent: kernel.msgmax", "/proc/sys/kernel/msgmax");
	say_file("parent: kernel.sem", "/proc/sys/kernel/sem");

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWIPC | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		inside("cloned", parent_ns);
		_exit(0);
	}
	say("cloned child: status %d\n", child_status(pid));
	expect_err("clone(CLONE_NEWIPC | CLONE_SYSVSEM)",
		   syscall(SYS_clone, CLONE_NEWIPC | CLONE_SYSVSEM | SIGCHLD, 0, 0, 0, 0), errno, EINVAL);

	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(9);
		expect_err("unshare(CLONE_NEWIPC) without CAP_SYS_ADMIN", unshare(CLONE_NEWIPC), errno, EPERM);
		_exit(0);
	}
	child_status(pid);
	shmctl(shmid, IPC_RMID, NULL);
	msgctl(msqid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	show_ret("parent: no queue named like the child's", mq_unlink("/nschild"), errno);
	mq_unlink("/nsparent");
	write_sysctl("/proc/sys/kernel/msgmax", msgmax);
	write_sysctl("/proc/sys/kernel/shmmni", shmmni);
	write_sysctl("/proc/sys/kernel/sem", sem);
	done();
	return 0;
}
