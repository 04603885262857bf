/* sysv_shm: System V shared memory (Linux ipc/shm.c): shmget with
 * IPC_PRIVATE and keys (IPC_CREAT, IPC_EXCL, ENOENT, a larger size than
 * the segment's: EINVAL), shmat/shmdt shared with a child through fork and
 * through the key in a fresh attach, SHM_RDONLY (a write faults),
 * SHM_RND, shm_nattch and the other IPC_STAT fields, IPC_SET, IPC_RMID
 * (memory still mapped until detached), IPC_INFO, permissions for an
 * unprivileged process, and the errors. */
#include "lvtest.h"
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>

static int child_status(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void stat_line(const char *label, int id)
{
	struct shmid_ds ds;
	memset(&ds, 0, sizeof(ds));
	errno = 0;
	long r = syscall(SYS_shmctl, id, IPC_STAT, &ds);
	if (r) {
		show_ret(label, r, errno);
		return;
	}
	say("%s: key %#x uid %u gid %u cuid %u cgid %u mode %#o segsz %zu nattch %lu cpid==me %d lpid %s atime %s "
	    "dtime %s ctime %s\n",
	    label, (unsigned)ds.shm_perm.__key, ds.shm_perm.uid, ds.shm_perm.gid, ds.shm_perm.cuid, ds.shm_perm.cgid,
	    ds.shm_perm.mode, ds.shm_segsz, (unsigned long)ds.shm_nattch, ds.shm_cpid == getpid(),
	    ds.shm_lpid == 0	      ? "0"
	    : ds.shm_lpid == getpid() ? "me"
				      : "other",
	    ds.shm_atime ? "set" : "0", ds.shm_dtime ? "set" : "0", ds.shm_ctime ? "set" : "0");
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int id = (int)syscall(SYS_shmget, IPC_PRIVATE, 10000, IPC_CREAT | 0640);
	yesno("shmget private", id >= 0);
	stat_line("fresh", id);
	char *p = (char *)syscall(SYS_shmat, id, NULL, 0);
	yesno("shmat", p != (char *)-1);
	yesno("page aligned", ((unsigned long)p % pg) == 0);
	yesno("zero filled", p[0] == 0 && p[9999] == 0 && p[3 * pg - 1] == 0);
	strcpy(p, "parent wrote this");
	stat_line("attached", id);
	/* a child shares it through fork, and its attach through the id */
	pid_t pid = fork();
	if (pid == 0) {
		int ok = strcmp(p, "parent wrote this") == 0;
		char *q = (char *)syscall(SYS_shmat, id, NULL, 0);
		strcpy(q + 100, "child wrote this");
		syscall(SYS_shmdt, q);
		_exit(ok ? 0 : 1);
	}
	say("child saw parent's data: %d\n", child_status(pid) == 0);
	say("parent sees child's: %s\n", p + 100);
	stat_line("after child", id);
	/* a second attach at a fixed address, SHM_RND */
	char *want = p + 64 * pg + 5;
	char *q = (char *)syscall(SYS_shmat, id, want, SHM_RND);
	say("SHM_RND rounds down to SHMLBA (a page on arm64): %d\n", q == (char *)((unsigned long)want & ~(pg - 1)));
	say("same memory: %d\n", strcmp(q, "parent wrote this") == 0);
	stat_line("two attaches", id);
	errno = 0;
	expect_err("shmat unaligned without SHM_RND", syscall(SYS_shmat, id, want, 0), errno, EINVAL);
	errno = 0;
	expect_err("shmat over a mapping", syscall(SYS_shmat, id, q, 0), errno, EINVAL);
	show_ret("shmdt second", syscall(SYS_shmdt, q), 0);
	errno = 0;
	expect_err("shmdt again", syscall(SYS_shmdt, q), errno, EINVAL);
	errno = 0;
	expect_err("shmdt not an attach", syscall(SYS_shmdt, p + pg), errno, EINVAL);
	errno = 0;
	expect_err("shmdt unaligned", syscall(SYS_shmdt, p + 1), errno, EINVAL);

	/* SHM_RDONLY: reads work, a write is SIGSEGV */
	pid = fork();
	if (pid == 0) {
		char *r = (char *)syscall(SYS_shmat, id, NULL, SHM_RDONLY);
		if (r == (char *)-1 || strcmp(r, "parent wrote this"))
			_exit(1);
		r[0] = 'x';
		_exit(2);
	}
	say("read-only attach, write: %d\n", child_status(pid));

	/* keys */
	key_t key = 0x5eed0001;
	int k = (int)syscall(SYS_shmget, key, pg, 0600);
	expect_err("shmget key without IPC_CREAT", k, errno, ENOENT);
	k = (int)syscall(SYS_shmget, key, pg, IPC_CREAT | IPC_EXCL | 0600);
	yesno("shmget key create", k >= 0 && k != id);
	say("same key again: %d\n", (int)syscall(SYS_shmget, key, pg, 0) == k);
	say("same key, smaller size: %d\n", (int)syscall(SYS_shmget, key, 10, IPC_CREAT) == k);
	errno = 0;
	expect_err("same key, larger size", syscall(SYS_shmget, key, 2 * pg, 0), errno, EINVAL);
	errno = 0;
	expect_err("same key, IPC_EXCL", syscall(SYS_shmget, key, pg, IPC_CREAT | IPC_EXCL), errno, EEXIST);
	stat_line("keyed", k);
	/* IPC_SET: mode and owner */
	struct shmid_ds ds;
	syscall(SYS_shmctl, k, IPC_STAT, &ds);
	ds.shm_perm.mode = 0604 | 0xf000;
	ds.shm_perm.uid = 1000;
	show_ret("IPC_SET", syscall(SYS_shmctl, k, IPC_SET, &ds), 0);
	stat_line("after IPC_SET", k);
	/* an unprivileged process: other bits r-- */
	pid = fork();
	if (pid == 0) {
		if (setgid(2000) || setuid(2000))
			_exit(99);
		int code = 0;
		if ((int)syscall(SYS_shmget, key, pg, 0) != k)
			code |= 1; /* flag 0: asks nothing */
		errno = 0;
		if (!(syscall(SYS_shmget, key, pg, 0600) == -1 && errno == EACCES))
			code |= 2;
		if (syscall(SYS_shmat, k, NULL, SHM_RDONLY) == -1)
			code |= 4;
		errno = 0;
		if (!(syscall(SYS_shmat, k, NULL, 0) == -1 && errno == EACCES))
			code |= 8;
		errno = 0;
		if (!(syscall(SYS_shmctl, k, IPC_RMID, NULL) == -1 && errno == EPERM))
			code |= 16;
		_exit(code);
	}
	say("unprivileged: %d\n", child_status(pid));
	show_ret("IPC_RMID keyed", syscall(SYS_shmctl, k, IPC_RMID, NULL), 0);
	errno = 0;
	expect_err("IPC_STAT removed", syscall(SYS_shmctl, k, IPC_STAT, &ds), errno, EINVAL);
	errno = 0;
	expect_err("key gone", syscall(SYS_shmget, key, pg, 0), errno, ENOENT);

	/* IPC_RMID while attached: the memory stays until shmdt */
	show_ret("IPC_RMID attached", syscall(SYS_shmctl, id, IPC_RMID, NULL), 0);
	say("still readable: %s\n", p);
	show_ret("shmdt last", syscall(SYS_shmdt, p), 0);

	/* IPC_INFO */
	struct shminfo info;
	long hi = syscall(SYS_shmctl, 0, IPC_INFO, &info);
	say("IPC_INFO: ret>=0 %d shmmax %#lx shmmin %lu shmmni %lu shmseg %lu shmall %#lx\n", hi >= 0, info.shmmax,
	    info.shmmin, info.shmmni, info.shmseg, info.shmall);

	/* errors */
	errno = 0;
	expect_err("shmget size 0", syscall(SYS_shmget, IPC_PRIVATE, 0, 0600), errno, EINVAL);
	errno = 0;
	expect_err("shmat bad id", syscall(SYS_shmat, 0x7fff0000, NULL, 0), errno, EINVAL);
	errno = 0;
	expect_err("shmat -1", syscall(SYS_shmat, -1, NULL, 0), errno, EINVAL);
	errno = 0;
	expect_err("shmctl bad cmd", syscall(SYS_shmctl, 0, 99, &ds), errno, EINVAL);
	errno = 0;
	expect_err("shmctl -1", syscall(SYS_shmctl, -1, IPC_STAT, &ds), errno, EINVAL);
	int e = (int)syscall(SYS_shmget, IPC_PRIVATE, pg, 0600);
	errno = 0;
	expect_err("IPC_STAT EFAULT", syscall(SYS_shmctl, e, IPC_STAT, (void *)8), errno, EFAULT);
	errno = 0;
	expect_err("IPC_SET EFAULT", syscall(SYS_shmctl, e, IPC_SET, (void *)8), errno, EFAULT);
	errno = 0;
	expect_err("shmat SHM_REMAP without address", syscall(SYS_shmat, e, NULL, SHM_REMAP), errno, EINVAL);
	syscall(SYS_shmctl, e, IPC_RMID, NULL);
	done();
	return 0;
}
