/* sysvipc_proc_files: the System V IPC files of /proc (Linux ipc/util.c
 * sysvipc_proc_*, ipc/shm.c sysvipc_shm_proc_show, ipc/msg.c
 * sysvipc_msg_proc_show, ipc/ipc_sysctl.c): /proc/sysvipc/shm and msg list
 * a segment and a queue with their key, id, mode, sizes and pids; the
 * limits of /proc/sys/kernel (sem, msgmax, msgmnb, msgmni, shmmax, shmall,
 * shmmni) read as Linux's defaults; /proc/self/status has VmSwap (0 kB:
 * nothing is swapped). */
#include "lvtest.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>

static void show_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("%s: %s\n", path, errname(errno));
		return;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	say("%s: %s", path, buf);
}

/* Reads a whole /proc file into buf. */
static void read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n = 0;
	while (fd >= 0 && len < cap - 1 && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	if (fd < 0)
		say("%s: %s\n", path, errname(errno));
	else
		close(fd);
}

/* The line of text whose second field is id, or NULL. */
static char *line_of(char *text, int id)
{
	for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		int key, this_id;
		if (sscanf(line + 1, "%d %d", &key, &this_id) == 2 && this_id == id)
			return line + 1;
	}
	return NULL;
}

int main(void)
{
	static char text[65536];
	int me = getpid();

	int shmid = shmget(0x5e1f0001, 10000, IPC_CREAT | IPC_EXCL | 0640);
	char *p = shmat(shmid, NULL, 0);
	p[0] = 1;
	read_file("/proc/sysvipc/shm", text, sizeof(text));
	say("shm header: %.*s\n", (int)(strchr(text, '\n') - text), text);
	char *line = line_of(text, shmid);
	say("segment listed %d\n", line != NULL);
	if (line) {
		int key, id, mode, cpid, lpid, uid, gid, cuid, cgid;
		unsigned long size, nattch, rss, swap;
		long long atime, dtime, ctime;
		int n = sscanf(line, "%d %d %o %lu %d %d %lu %d %d %d %d %lld %lld %lld %lu %lu", &key, &id, &mode,
			       &size, &cpid, &lpid, &nattch, &uid, &gid, &cuid, &cgid, &atime, &dtime, &ctime, &rss,
			       &swap);
		say("shm fields %d: key %#x mode %o size %lu cpid me %d lpid me %d nattch %lu uid %d cuid %d atime set "
		    "%d "
		    "dtime %lld ctime set %d swap %lu\n",
		    n, key, mode, size, cpid == me, lpid == me, nattch, uid, cuid, atime > 0, dtime, ctime > 0, swap);
	}
	shmdt(p);
	shmctl(shmid, IPC_RMID, NULL);
	read_file("/proc/sysvipc/shm", text, sizeof(text));
	say("segment gone %d\n", line_of(text, shmid) == NULL);

	int msqid = msgget(0x5e1f0002, IPC_CREAT | IPC_EXCL | 0600);
	struct {
		long type;
		char text[32];
	} msg = {7, "twelve bytes"};
	msgsnd(msqid, &msg, 12, 0);
	msgsnd(msqid, &msg, 5, 0);
	read_file("/proc/sysvipc/msg", text, sizeof(text));
	say("msg header: %.*s\n", (int)(strchr(text, '\n') - text), text);
	line = line_of(text, msqid);
	say("queue listed %d\n", line != NULL);
	if (line) {
		int key, id, mode, lspid, lrpid, uid, gid, cuid, cgid;
		unsigned long cbytes, qnum;
		long long stime, rtime, ctime;
		int n = sscanf(line, "%d %d %o %lu %lu %d %d %d %d %d %d %lld %lld %lld", &key, &id, &mode, &cbytes,
			       &qnum, &lspid, &lrpid, &uid, &gid, &cuid, &cgid, &stime, &rtime, &ctime);
		say("msg fields %d: key %#x mode %o cbytes %lu qnum %lu lspid me %d lrpid %d uid %d stime set %d rtime "
		    "%lld\n",
		    n, key, mode, cbytes, qnum, lspid == me, lrpid, uid, stime > 0, rtime);
	}
	msgctl(msqid, IPC_RMID, NULL);

	show_file("/proc/sys/kernel/sem");
	show_file("/proc/sys/kernel/msgmax");
	show_file("/proc/sys/kernel/msgmnb");
	show_file("/proc/sys/kernel/msgmni");
	show_file("/proc/sys/kernel/shmmax");
	show_file("/proc/sys/kernel/shmall");
	show_file("/proc/sys/kernel/shmmni");

	read_file("/proc/self/status", text, sizeof(text));
	char *swap = strstr(text, "\nVmSwap:");
	say("VmSwap: %.*s\n", swap ? (int)(strchr(swap + 1, '\n') - swap - 1) : 0, swap ? swap + 1 : "");
	say("done\n");
	return 0;
}
