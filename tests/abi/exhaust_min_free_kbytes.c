/*
 * exhaust_min_free_kbytes.c — vm.min_free_kbytes is a reserve user memory
 * does not take (Linux: the zone's min watermark, mm/page_alloc.c
 * __zone_watermark_ok; no swap, so a fault below it ends in the OOM
 * killer). The reserve is set to 64 MiB; a child (oom_score_adj 1000)
 * touches memory 1 MiB at a time until the OOM killer ends it, noting the
 * lowest MemFree it saw in a shared page; that stays above 90 % of the
 * reserve (LTP min_free_kbytes allows the same). The value reads back, a
 * negative one is EINVAL, the old one is put back, and the health probe
 * passes. Beside it, vm.panic_on_oom (0: the OOM killer kills; 0 to 2).
 */
#include "exhaust.h"

#define PATH "/proc/sys/vm/min_free_kbytes"
#define RESERVE_KIB 65536L

static long meminfo_kib(const char *key)
{
	char buf[4096];
	if (slurp_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	char *line = strstr(buf, key);
	return line ? strtol(line + strlen(key), NULL, 10) : -1;
}

static long read_long(const char *path)
{
	char buf[64];
	return slurp_file(path, buf, sizeof buf) < 0 ? -1 : strtol(buf, NULL, 10);
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	int ret = write(fd, text, strlen(text)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int main(void)
{
	yesno("panic_on_oom is 0", read_long("/proc/sys/vm/panic_on_oom") == 0);
	say("panic_on_oom 3: %s\n", errname(-write_text("/proc/sys/vm/panic_on_oom", "3")));
	long old = read_long(PATH);
	yesno("min_free_kbytes is positive", old > 0);
	char text[32];
	snprintf(text, sizeof text, "%ld\n", RESERVE_KIB);
	check("set to 64 MiB", write_text(PATH, text) == 0);
	yesno("reads back", read_long(PATH) == RESERVE_KIB);
	say("write -1: %s\n", errname(-write_text(PATH, "-1")));

	long *lowest = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (lowest == MAP_FAILED)
		return 1;
	*lowest = meminfo_kib("MemFree:");
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/proc/self/oom_score_adj", O_WRONLY);
		if (fd < 0 || write(fd, "1000", 4) != 4)
			_exit(3);
		close(fd);
		for (int i = 0; i < 4096; i++) { /* 4 GiB */
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(2);
			for (int off = 0; off < 1 << 20; off += 4096)
				p[off] = 1;
			long free_kib = meminfo_kib("MemFree:");
			if (free_kib >= 0 && free_kib < *lowest)
				*lowest = free_kib;
		}
		_exit(0);
	}
	reap_and_say(pid);
	yesno("MemFree stayed above 90% of the reserve", *lowest >= RESERVE_KIB * 9 / 10);
	if (*lowest < RESERVE_KIB * 9 / 10)
		say("lowest MemFree %ld kB\n", *lowest);
	snprintf(text, sizeof text, "%ld\n", old);
	check("old value back", write_text(PATH, text) == 0 && read_long(PATH) == old);
	health_probe();
	done();
	return 0;
}
