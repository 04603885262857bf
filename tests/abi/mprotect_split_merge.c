/* mprotect_split_merge: mprotect(2) of the middle page of a 3-page anonymous
 * mapping splits it into 3 VMAs (3 lines of /proc/self/maps cover the
 * range); setting the page back to the original protection merges them again
 * into 1 (mm/mprotect.c mprotect_fixup -> vma_modify_flags merges
 * compatible neighbours). */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>

static char maps[65536];

static int count_lines(unsigned long lo, unsigned long hi)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n;
	while (len < sizeof maps - 1 && (n = read(fd, maps + len, sizeof maps - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	maps[len] = 0;
	int count = 0;
	for (char *l = maps; *l;) {
		char *e = strchr(l, '\n');
		unsigned long s, t;
		if (sscanf(l, "%lx-%lx", &s, &t) == 2 && s < hi && t > lo)
			count++;
		if (!e)
			break;
		l = e + 1;
	}
	return count;
}

int main(void)
{
	long a = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("setup mmap ok", a != -1);
	if (a == -1) {
		done();
		return 0;
	}
	unsigned long lo = a, hi = a + 3 * 4096;
	((char *)a)[0] = 1;
	say("lines before: %d\n", count_lines(lo, hi));
	errno = 0;
	long r = syscall(SYS_mprotect, a + 4096, 4096, PROT_READ);
	show_ret("mprotect middle PROT_READ", r, errno);
	say("lines after split: %d\n", count_lines(lo, hi));
	errno = 0;
	r = syscall(SYS_mprotect, a + 4096, 4096, PROT_READ | PROT_WRITE);
	show_ret("mprotect middle back to RW", r, errno);
	say("lines after merge: %d\n", count_lines(lo, hi));
	syscall(SYS_munmap, a, 3 * 4096);
	done();
	return 0;
}
