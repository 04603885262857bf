/* max_map_count_mremap_brk: vm.max_map_count bounds mremap and brk as
 * Linux 6.1 counts them (mm/mremap.c, mm/mmap.c), the count being the lines
 * of /proc/self/maps:
 *  - a move (MREMAP_MAYMOVE that cannot grow in place) needs the count 4
 *    below the limit (move_vma: the move adds a VMA, its unmap may split one
 *    in three), else ENOMEM with nothing changed;
 *  - MREMAP_FIXED needs the count plus 2 to be 4 below it (mremap_to checks
 *    before it unmaps the target), else ENOMEM with the target untouched;
 *  - growing in place is not limited; shrinking is an unmap: a hole inside
 *    a VMA at the limit is ENOMEM;
 *  - brk grows only while the count is not above the limit, even when it
 *    just extends the heap (do_brk_flags), and returns the old break when
 *    it cannot; shrinking the break trims the heap and always works.
 * The limit is restored at the end. */
#include "map_count_test.h"
#include <sys/mman.h>

#define PAGE 4096

/* pages pages with a free page on each side: one VMA. */
static char *isolated(int pages)
{
	char *base = mmap(NULL, (pages + 2) * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		say("mmap failed\n");
		exit(1);
	}
	munmap(base, PAGE);
	munmap(base + (pages + 1) * PAGE, PAGE);
	return base + PAGE;
}

static void mremap_limits(void)
{
	char *r = isolated(16);
	r[0] = 'a';
	int n = count_vmas();

	/* a move of the first 4 pages, grown to 8: not at the VMA's end */
	set_limit(n + 3);
	void *p = mremap(r, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	yesno("move with count = limit - 3: ENOMEM", p == MAP_FAILED && errno == ENOMEM);
	yesno("nothing moved", count_vmas() == n && r[0] == 'a');
	set_limit(n + 4);
	p = mremap(r, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	yesno("move with count = limit - 4 works", p != MAP_FAILED && ((char *)p)[0] == 'a');
	set_limit(65530);

	/* MREMAP_FIXED of a middle page onto a free page */
	char *s = isolated(16), *target = s - PAGE;
	s[8 * PAGE] = 'b';
	n = count_vmas();
	set_limit(n + 5);
	p = mremap(s + 8 * PAGE, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	yesno("fixed with count + 2 = limit - 3: ENOMEM", p == MAP_FAILED && errno == ENOMEM);
	yesno("the target is still free", msync(target, PAGE, 0) != 0 && errno == ENOMEM);
	set_limit(n + 6);
	p = mremap(s + 8 * PAGE, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
	yesno("fixed with count + 2 = limit - 4 works", p == target && target[0] == 'b');

	/* shrinking: an unmap */
	char *t = isolated(16);
	n = count_vmas();
	set_limit(n);
	p = mremap(t + 4 * PAGE, 4 * PAGE, PAGE, 0);
	yesno("shrink leaving a hole at the limit: ENOMEM", p == MAP_FAILED && errno == ENOMEM);
	p = mremap(t + 12 * PAGE, 4 * PAGE, PAGE, 0);
	yesno("shrink of the VMA's end at the limit works", p == t + 12 * PAGE);
	/* growing in place, below the limit even */
	set_limit(n - 1);
	p = mremap(t + 12 * PAGE, PAGE, 4 * PAGE, 0);
	yesno("grow in place above the limit works", p == t + 12 * PAGE);
	set_limit(65530);
}

static void brk_limits(void)
{
	char *cur = (char *)syscall(SYS_brk, 0);
	int n = count_vmas();
	set_limit(n - 1);
	char *got = (char *)syscall(SYS_brk, cur + 4 * PAGE);
	yesno("brk with count above the limit: unchanged", got == cur);
	set_limit(n);
	got = (char *)syscall(SYS_brk, cur + 4 * PAGE);
	yesno("brk with count at the limit grows", got == cur + 4 * PAGE);
	got[-1] = 'c';
	set_limit(1);
	got = (char *)syscall(SYS_brk, cur + 2 * PAGE);
	yesno("brk shrinks with any limit", got == cur + 2 * PAGE);
	got = (char *)syscall(SYS_brk, cur + 4 * PAGE);
	yesno("but does not grow again", got == cur + 2 * PAGE);
	set_limit(65530);
	got = (char *)syscall(SYS_brk, cur);
	yesno("brk back to the start", got == cur);
}

int main(void)
{
	mremap_limits();
	brk_limits();
	char text[64];
	slurp_file("/proc/sys/vm/max_map_count", text, sizeof text);
	say("restored: %s", text);
	done();
	return 0;
}
