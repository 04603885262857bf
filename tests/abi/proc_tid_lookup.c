/*
 * proc_tid_lookup.c — /proc/<tid> of a thread that is not its process's
 * leader (fs/proc/base.c proc_pid_lookup finds any task by number): it can
 * be opened and stat'ed, its status shows the thread's Pid and the
 * process's Tgid, its comm is the thread's name; readdir of /proc lists
 * only the process (next_tgid skips threads); /proc/<tid>/task lists both.
 */
#include "lvtest.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/stat.h>

static pid_t thread_tid;
static int to_main[2], to_thread[2];

static void *thread_main(void *arg)
{
	prctl(PR_SET_NAME, "worker");
	thread_tid = (pid_t)syscall(SYS_gettid);
	char c = 1;
	write(to_main[1], &c, 1);
	read(to_thread[0], &c, 1); /* stay alive until main has looked */
	return NULL;
}

static void read_line(const char *path, const char *key, char *out, size_t size)
{
	out[0] = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof(line), f))
		if (!key || strncmp(line, key, strlen(key)) == 0) {
			line[strcspn(line, "\n")] = 0;
			strncpy(out, line, size - 1);
			out[size - 1] = 0;
			break;
		}
	fclose(f);
}

static bool listed(const char *dir, int nr)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;
	while (d && (e = readdir(d)))
		found |= atoi(e->d_name) == nr;
	if (d)
		closedir(d);
	return found;
}

int main(void)
{
	pipe(to_main);
	pipe(to_thread);
	pthread_t th;
	pthread_create(&th, NULL, thread_main, NULL);
	char c;
	read(to_main[0], &c, 1);
	pid_t pid = getpid(), tid = thread_tid;
	say("thread differs from leader: %d\n", tid != pid);

	char path[64], buf[128], want[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d", tid);
	say("stat /proc/<tid>: %d, dir %d\n", stat(path, &st), S_ISDIR(st.st_mode));
	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	read_line(path, "Pid:", buf, sizeof(buf));
	snprintf(want, sizeof(want), "Pid:\t%d", tid);
	say("status Pid is the thread: %d\n", strcmp(buf, want) == 0);
	read_line(path, "Tgid:", buf, sizeof(buf));
	snprintf(want, sizeof(want), "Tgid:\t%d", pid);
	say("status Tgid is the process: %d\n", strcmp(buf, want) == 0);
	snprintf(path, sizeof(path), "/proc/%d/comm", tid);
	read_line(path, NULL, buf, sizeof(buf));
	say("comm: %s\n", buf);
	say("/proc lists the process: %d, the thread: %d\n", listed("/proc", pid), listed("/proc", tid));
	snprintf(path, sizeof(path), "/proc/%d/task", tid);
	say("/proc/<tid>/task lists leader %d, thread %d\n", listed(path, pid), listed(path, tid));
	snprintf(path, sizeof(path), "/proc/%d/status", 999999);
	errno = 0;
	say("absent number: %d %s\n", open(path, O_RDONLY), errname(errno));

	write(to_thread[1], &c, 1);
	pthread_join(th, NULL);
	say("done\n");
	return 0;
}
