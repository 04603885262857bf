/*
 * exhaust_oom_victim.c — the OOM killer chooses the process with the most
 * badness, not the one that faulted (Linux mm/oom_kill.c
 * select_bad_process, oom_badness). A child with oom_score_adj 1000 holds
 * 60% of MemAvailable; then a child with oom_score_adj -1000 (never
 * chosen) touches another 60%. Memory runs out while the second touches
 * its pages: the first is killed with SIGKILL (the kernel log says "Out of
 * memory: Killed process N (comm)"), the second gets its pages and exits
 * 0, and the kernel is left healthy. The parent is -1000 too. Sizes are fractions of MemAvailable,
 * so the run is the same on Linux and LevitateOS under the same QEMU -m.
 *
 * Spares: with two CPUs Linux 6.1 sometimes calls the OOM killer again
 * right after the big one's kill, before the last of its pages are free
 * (exit_mmap sets MMF_OOM_SKIP before tlb_finish_mmu frees the final
 * batch), finds no candidate and panics "System is deadlocked on memory"
 * (2 boots in 10 under QEMU). Three small children with oom_score_adj 999
 * (below the big one's badness, above everything else) absorb such an
 * extra kill; whether one dies is not printed, and the test kills them at
 * the end.
 */
#include "exhaust.h"
#include <sys/klog.h>

static void touch(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	for (size_t off = 0; off < bytes; off += 4096)
		p[off] = 1;
}

/* Does the kernel log hold "Out of memory: Killed process PID ("? */
static int log_names(pid_t pid)
{
	static char log[1 << 20];
	char want[64];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
	if (n < 0)
		return 0;
	log[n] = 0;
	snprintf(want, sizeof(want), "Out of memory: Killed process %d (", (int)pid);
	return strstr(log, want) != NULL;
}

int main(void)
{
	long avail = mem_available_kib();
	size_t bytes = (size_t)(avail / 10 * 6) << 10;
	int ready[2];
	if (avail <= 0 || pipe(ready) < 0)
		return 1;
	/* The test itself is never a candidate (the children set their own
	 * values): with two CPUs Linux sometimes ran out again before the big
	 * one's memory was back and chose this process, whose badness is next. */
	if (write_sysctl("/proc/self/oom_score_adj", "-1000") != 5)
		return 1;
	fflush(stdout);
	pid_t spares[3];
	for (int i = 0; i < 3; i++) {
		spares[i] = fork();
		if (spares[i] == 0) {
			if (write_sysctl("/proc/self/oom_score_adj", "999") != 3)
				_exit(3);
			for (;;)
				pause();
		}
	}
	pid_t big = fork();
	if (big == 0) {
		if (write_sysctl("/proc/self/oom_score_adj", "1000") != 4)
			_exit(3);
		touch(bytes);
		if (write(ready[1], "r", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	char c;
	if (read(ready[0], &c, 1) != 1)
		return 1;
	char path[64], buf[64];
	snprintf(path, sizeof(path), "/proc/%d/oom_score", (int)big);
	long score = slurp_file(path, buf, sizeof(buf)) > 0 ? strtol(buf, NULL, 10) : -1;
	yesno("big: oom_score 1333..2000", score >= 1333 && score <= 2000);
	pid_t faulter = fork();
	if (faulter == 0) {
		if (write_sysctl("/proc/self/oom_score_adj", "-1000") != 5)
			_exit(3);
		touch(bytes);
		_exit(0);
	}
	say("faulter: ");
	reap_and_say(faulter);
	say("big: ");
	reap_and_say(big);
	yesno("kernel log names the big one", log_names(big));
	for (int i = 0; i < 3; i++) {
		kill(spares[i], SIGKILL);
		waitpid(spares[i], NULL, 0);
	}
	health_probe();
	done();
	return 0;
}
