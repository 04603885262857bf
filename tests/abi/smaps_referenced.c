/*
 * smaps_referenced.c — /proc/PID/smaps' Referenced counts the pages whose
 * page-table entry has the accessed flag (Linux fs/proc/task_mmu.c
 * smaps_pte_entry: pte_young), and /proc/PID/clear_refs clears it
 * (clear_refs_write): after writing "1" a mapping's Referenced is 0 while
 * its Rss stays, and each page touched again counts again, read or written.
 * "2" clears anonymous mappings only, "3" file mappings only, "5" resets
 * the resident high-water mark (VmHWM's source, ru_maxrss); other values
 * are EINVAL. Prints the kB values of one 64-page anonymous mapping.
 */
#include "lvtest.h"

#include <sys/mman.h>

#define PAGES 64
#define PAGE 4096

static char *map_start;

/* "Name:   N kB" of the smaps entry of the mapping at map_start. */
static long smaps_field(const char *name)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[256];
	int inside = 0;
	long value = -1;
	size_t len = strlen(name);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			inside = lo == (unsigned long)map_start;
			continue;
		}
		if (inside && !strncmp(line, name, len) && line[len] == ':') {
			value = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

static void show(const char *when)
{
	say("%s: Rss %ld kB, Referenced %ld kB\n", when, smaps_field("Rss"), smaps_field("Referenced"));
}

static int clear_refs(const char *text)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, text, strlen(text));
	int err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

int main(void)
{
	/* between two PROT_NONE pages: a mapping of its own, merged with no
	 * neighbour (musl's allocations sit next to new mappings on Linux) */
	char *base = mmap(NULL, (PAGES + 2) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return 1;
	map_start = base + PAGE;
	if (mprotect(map_start, PAGES * PAGE, PROT_READ | PROT_WRITE))
		return 1;
	for (int i = 0; i < PAGES; i++)
		map_start[i * PAGE] = (char)i;
	show("written");
	say("clear_refs 1: %s\n", errname(-clear_refs("1\n")));
	show("after clear_refs 1");
	long sum = 0;
	for (int i = 0; i < 16; i++)
		sum += ((volatile char *)map_start)[i * PAGE];
	show("16 pages read");
	for (int i = 16; i < 24; i++)
		map_start[i * PAGE] = 1;
	show("8 more written");
	say("clear_refs 3 (file mappings): %s\n", errname(-clear_refs("3")));
	show("after clear_refs 3");
	say("clear_refs 2 (anonymous): %s\n", errname(-clear_refs("2")));
	show("after clear_refs 2");
	say("clear_refs 5 (peak rss): %s\n", errname(-clear_refs("5")));
	const char *bad[] = {"0", "6", "-1", "x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		say("clear_refs \"%s\": %s\n", bad[i], errname(-clear_refs(bad[i])));
	say("sum %ld\n", sum);
	say("done\n");
	return 0;
}
