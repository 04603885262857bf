/* brk_basic: raw brk(2) semantics (the kernel call, not libc's wrapper; man
 * brk(2) NOTES "C library/kernel differences"; mm/mmap.c SYSCALL(brk)):
 * brk(0) returns the current break; growing returns the new break and the
 * memory is usable; shrinking returns the lower break; a request below the
 * initial break fails by returning the current break unchanged. */
#include "lvtest.h"
#include <stdint.h>

extern char _end[];

static uintptr_t brk_(uintptr_t a)
{
	return (uintptr_t)syscall(SYS_brk, a);
}

int main(void)
{
	uintptr_t cur = brk_(0);
	yesno("brk(0) > 0", cur > 0);
	yesno("brk(0) >= _end", cur >= (uintptr_t)_end);
	yesno("brk(0) twice same", brk_(0) == cur);
	uintptr_t want = cur + 10 * 4096;
	uintptr_t got = brk_(want);
	yesno("grow 40 KiB returns new break", got == want);
	if (got == want) {
		memset((void *)cur, 0x5c, want - cur);
		int bad = 0;
		for (uintptr_t a = cur; a < want; a++)
			if (*(unsigned char *)a != 0x5c)
				bad++;
		say("bytes wrong in new area: %d\n", bad);
	}
	yesno("brk(0) after grow == new break", brk_(0) == want);
	yesno("shrink returns old break", brk_(cur) == cur);
	yesno("brk(1) fails, returns current", brk_(1) == cur);
	yesno("brk(0) unchanged", brk_(0) == cur);
	/* grow again after shrinking: fresh pages read as zero */
	got = brk_(cur + 8192);
	if (got == cur + 8192) {
		uintptr_t pg = (cur + 4095) & ~(uintptr_t)4095;
		int nz = 0;
		for (uintptr_t a = pg; a < cur + 8192; a++)
			if (*(unsigned char *)a)
				nz++;
		say("nonzero bytes in regrown whole pages: %d\n", nz);
		brk_(cur);
	} else {
		say("FAIL: regrow\n");
	}
	done();
	return 0;
}
