/* max_map_count_limit: vm.max_map_count (/proc/sys/vm/max_map_count,
 * 65530) bounds the VMAs of a process as Linux counts them (mm/mmap.c,
 * mm/mprotect.c): with the limit set to the process's current count, an
 * mprotect that must split a VMA is ENOMEM, so is a munmap that would
 * punch a hole inside one VMA, while a munmap that trims one end works;
 * mmap checks the count before adding one, so one mapping may go past the
 * limit and the next is ENOMEM. The file takes 0..INT_MAX: a sign, a word
 * or 2^31 is EINVAL; a process without root cannot open it for writing.
 * The count is the number of lines of /proc/self/maps on each kernel. */
#include "map_count_test.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096

int main(void)
{
	char text[64];
	slurp_file("/proc/sys/vm/max_map_count", text, sizeof text);
	say("default: %s", text);
	expect_err("write -1", write_limit("-1"), errno, EINVAL);
	expect_err("write abc", write_limit("abc"), errno, EINVAL);
	expect_err("write 2147483648", write_limit("2147483648"), errno, EINVAL);
	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(2);
		expect_err("nobody opens it to write", open("/proc/sys/vm/max_map_count", O_WRONLY), errno, EACCES);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);

	/* R: pages 1..16 of an 18-page reservation, a hole on each side */
	char *base = mmap(NULL, 18 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(base, PAGE);
	munmap(base + 17 * PAGE, PAGE);
	char *r = base + PAGE;
	int n = count_vmas();
	set_limit(n);
	expect_err("mprotect inside (two splits)", mprotect(r + 4 * PAGE, PAGE, PROT_READ), errno, ENOMEM);
	expect_err("mprotect at the start (one split)", mprotect(r, PAGE, PROT_READ), errno, ENOMEM);
	expect_err("munmap a hole", munmap(r + 4 * PAGE, PAGE), errno, ENOMEM);
	show_ret("munmap the first page", munmap(r, PAGE), errno);
	yesno("count unchanged", count_vmas() == n);
	void *p = mmap(r, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	yesno("one mmap past the limit", p == r);
	yesno("count is limit + 1", count_vmas() == n + 1);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("the next mmap ENOMEM", p == MAP_FAILED && errno == ENOMEM);
	set_limit(65530);
	show_ret("mprotect inside after the limit is restored", mprotect(r + 4 * PAGE, PAGE, PROT_READ), errno);
	yesno("count is limit + 3", count_vmas() == n + 3);
	slurp_file("/proc/sys/vm/max_map_count", text, sizeof text);
	say("restored: %s", text);
	done();
	return 0;
}
