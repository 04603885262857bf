/* sysv_sem_proc: /proc/sysvipc/sem (Linux ipc/sem.c sysvipc_sem_proc_show)
 * lists a semaphore set: the header line, then key, id, permissions and the
 * number of semaphores of the set made here (the owner's and creator's
 * ids, and times that are set, not printed: they vary), and the set is
 * gone from it after IPC_RMID. */
#include "lvtest.h"
#include <sys/ipc.h>
#include <sys/sem.h>

static char text[65536];

/* The line of set id, or NULL. */
static char *line_of(int id)
{
	if (slurp_file("/proc/sysvipc/sem", text, sizeof text) < 0)
		return NULL;
	for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		int key, lid;
		if (sscanf(line + 1, "%d %d", &key, &lid) == 2 && lid == id)
			return line + 1;
	}
	return NULL;
}

int main(void)
{
	int id = (int)syscall(SYS_semget, 0x5e3a12, 4, IPC_CREAT | 0640);
	if (id < 0) {
		say("semget: %s\n", errname(errno));
		return 1;
	}
	char *line = line_of(id);
	char *end = strchr(text, '\n');
	say("header: %.*s\n", end ? (int)(end - text) : 0, text);
	int key, lid;
	unsigned mode, nsems, uid, gid, cuid, cgid;
	unsigned long long otime, ctime;
	if (line && sscanf(line, "%d %d %o %u %u %u %u %u %llu %llu", &key, &lid, &mode, &nsems, &uid, &gid, &cuid,
			   &cgid, &otime, &ctime) == 10) {
		say("key %#x perms %o nsems %u uid %u cuid %u otime %llu ctime %s\n", key, mode, nsems, uid, cuid,
		    otime, ctime ? "set" : "0");
		char *nl = strchr(line, '\n');
		say("width: %d\n", nl ? (int)(nl - line) : -1);
	} else {
		say("no line for the set\n");
	}
	syscall(SYS_semctl, id, 0, IPC_RMID, 0);
	yesno("gone after IPC_RMID", line_of(id) == NULL);
	done();
	return 0;
}
