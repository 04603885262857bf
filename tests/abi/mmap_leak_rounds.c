/* mmap_leak_rounds: munmap(2) gives the pages back: 1000 rounds of mmap
 * 64 KiB + touch every page + munmap leave MemFree in /proc/meminfo within
 * 1 MiB of where it was (a kernel that leaked the pages would be 62.5 MiB
 * down). */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

static long memfree_kb(void)
{
	char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0)
		return -1;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = 0;
	char *p = strstr(buf, "MemFree:");
	if (!p)
		return -1;
	return strtol(p + 8, NULL, 10);
}

int main(void)
{
	/* one warm-up round so page tables for the area already exist */
	long w = syscall(SYS_mmap, 0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w != -1) {
		*(volatile char *)w = 1;
		syscall(SYS_munmap, w, 65536);
	}
	long before = memfree_kb();
	yesno("MemFree readable", before > 0);
	int fails = 0;
	for (int round = 0; round < 1000; round++) {
		long a = syscall(SYS_mmap, 0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a == -1) {
			fails++;
			continue;
		}
		for (int i = 0; i < 65536; i += 4096)
			((volatile char *)a)[i] = (char)round;
		if (syscall(SYS_munmap, a, 65536) != 0)
			fails++;
	}
	long after = memfree_kb();
	say("failed calls: %d\n", fails);
	yesno("MemFree drop below 1 MiB", before > 0 && after > 0 && before - after < 1024);
	done();
	return 0;
}
