/*
 * memory.c — the kernels' memory footprint right after boot, under the same
 * QEMU -m (run.py runs this first after hello, and passes -m in MiB).
 *
 *   boot_mem_available_kib  MemAvailable from /proc/meminfo; higher is
 *                           better; informational (bounded by the RAM)
 *   kernel_mem_at_boot_kib  guest RAM (argv[1] MiB) minus MemAvailable:
 *                           what the kernel, its image, the initramfs (the
 *                           benchmark programs, ~36 MiB, which both kernels
 *                           keep in memory) and the running programs hold
 *
 * Output: "RESULT <metric> <KiB>" (or NA), then "done".
 */
#include "bench.h"

/* The value of "key" (e.g. "MemFree:") in /proc/meminfo, in KiB, or -1. */
static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	long ram_kib = (argc > 1 ? atol(argv[1]) : 1024) * 1024;
	long avail = meminfo("MemAvailable:");
	if (avail < 0) {
		not_available("boot_mem_available_kib", "no MemAvailable in /proc/meminfo");
		not_available("kernel_mem_at_boot_kib", "no MemAvailable in /proc/meminfo");
	} else {
		result("boot_mem_available_kib", (double)avail);
		result("kernel_mem_at_boot_kib", (double)(ram_kib - avail));
	}
	bench_done();
	return 0;
}
