/*
 * proc_vmstat.c — /proc/vmstat as vmstat(8) reads it: "name value" lines;
 * the counters both kernels keep are there (free pages, file and shmem
 * pages, page tables, kernel stacks, block I/O and swap activity); no swap
 * activity and no block I/O on a system without swap or disks; the free
 * pages agree with /proc/meminfo's MemFree; and a 1 MiB file written to
 * tmpfs adds about 256 to nr_shmem and nr_file_pages (Linux's counters lag
 * by their per-CPU batches: 252 seen).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvtest.h"

static char text[65536];

static const char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	text[n < 0 ? 0 : n] = 0;
	if (fd >= 0)
		close(fd);
	return text;
}

/* The value after "\nname " (or at the start), -1 if absent. */
static long field(const char *all, const char *name, const char *sep)
{
	size_t len = strlen(name);
	for (const char *p = all; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, len) && !strncmp(p + len, sep, strlen(sep)))
			return strtol(p + len + strlen(sep), NULL, 10);
	return -1;
}

static int well_formed(const char *all)
{
	for (const char *p = all; *p; p = strchr(p, '\n') + 1) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');
		if (!nl || !sp || sp > nl || sp == p)
			return 0;
		for (const char *d = sp + 1; d < nl; d++)
			if ((*d < '0' || *d > '9') && !(d == sp + 1 && *d == '-'))
				return 0;
	}
	return 1;
}

int main(void)
{
	const char *names[] = {"nr_free_pages",	  "nr_file_pages", "nr_shmem", "nr_page_table_pages",
			       "nr_kernel_stack", "pgpgin",	   "pgpgout",  "pswpin",
			       "pswpout"};
	const char *v = slurp("/proc/vmstat");
	say("well formed: %s\n", well_formed(v) ? "yes" : "no");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		say("%s: %s\n", names[i], field(v, names[i], " ") >= 0 ? "present" : "absent");
	say("pswpin %ld pswpout %ld\n", field(v, "pswpin", " "), field(v, "pswpout", " "));
	long free_pages = field(v, "nr_free_pages", " "), shmem0 = field(v, "nr_shmem", " "),
	     file0 = field(v, "nr_file_pages", " ");
	long memfree_kb = field(slurp("/proc/meminfo"), "MemFree:", " ");
	long diff = free_pages * 4 - memfree_kb;
	say("nr_free_pages agrees with MemFree: %s\n", labs(diff) * 20 < memfree_kb ? "yes" : "no");
	int fd = open("/tmp/vmstat_probe", O_CREAT | O_RDWR | O_TRUNC, 0600);
	static char mib[1 << 20];
	memset(mib, 'x', sizeof mib);
	if (write(fd, mib, sizeof mib) != (ssize_t)sizeof mib)
		say("write: %s\n", errname(errno));
	v = slurp("/proc/vmstat");
	/* about 256: Linux folds its per-CPU counter deltas in batches of up to
	 * a few dozen pages a CPU (252 seen) */
	long shmem_up = field(v, "nr_shmem", " ") - shmem0, file_up = field(v, "nr_file_pages", " ") - file0;
	say("a 1 MiB tmpfs file adds about 256 to nr_shmem and nr_file_pages: %s\n",
	    labs(shmem_up - 256) <= 64 && labs(file_up - 256) <= 64 ? "yes" : "no");
	close(fd);
	unlink("/tmp/vmstat_probe");
	say("done\n");
	return 0;
}
