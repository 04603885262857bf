/*
 * exhaust_oom_kill.c — a program touching more memory than the machine
 * has (1 GiB under the harness) is killed with SIGKILL by the OOM killer
 * (Linux mm/oom_kill.c picks the task with the most memory: this child,
 * which has oom_score_adj 1000 to make sure), and the kernel keeps running:
 * its parent sees the SIGKILL, the memory comes back (MemAvailable in
 * /proc/meminfo is back above 90% of what it was) and the health probe
 * passes.
 */
#include "exhaust.h"

#define CHUNK (64UL << 20)

int main(void)
{
	long before = mem_available_kib();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/proc/self/oom_score_adj", O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "1000", 4) != 4)
				_exit(3);
			close(fd);
		}
		for (int i = 0; i < 64; i++) { /* 4 GiB */
			char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(2);
			for (unsigned long off = 0; off < CHUNK; off += 4096)
				p[off] = 1;
		}
		_exit(0);
	}
	reap_and_say(pid);
	long after = mem_available_kib();
	yesno("memory came back", before > 0 && after > 0 && after * 10 >= before * 9);
	health_probe();
	done();
	return 0;
}
