/*
 * smaps_vmflags_shared_rdonly.c — /proc/self/smaps VmFlags of MAP_SHARED
 * mappings: of a file open read-only it is "rd mr me ms" without "sh"
 * (Linux's do_mmap clears VM_SHARED and VM_MAYWRITE when the file is not
 * open for writing, and show_smap_vma_flags prints "sh" for VM_SHARED only),
 * of a file open O_RDWR "rd sh mr mw me ms" even with PROT_READ; a private
 * mapping has neither.
 */
#include <sys/mman.h>

#include "lvtest.h"

/* Prints the VmFlags line of the mapping at addr. */
static void show_flags(void *addr, const char *what)
{
	char want[32], line[512];
	snprintf(want, sizeof want, "%lx-", (unsigned long)addr);
	FILE *f = fopen("/proc/self/smaps", "r");
	int in = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (strchr(line, '-') && strncmp(line, want, strlen(want)) == 0)
			in = 1;
		else if (in && strncmp(line, "VmFlags:", 8) == 0) {
			say("%s: %s", what, line);
			break;
		}
	}
	if (f)
		fclose(f);
}

int main(void)
{
	int fd = open("/tmp/svf", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "data", 4);
	int ro = open("/tmp/svf", O_RDONLY);
	show_flags(mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0), "shared, read-only fd");
	show_flags(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0), "shared, O_RDWR fd, PROT_READ");
	show_flags(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), "shared, O_RDWR fd, PROT_WRITE");
	show_flags(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, ro, 0), "private, read-only fd");
	unlink("/tmp/svf");
	say("done\n");
	return 0;
}
