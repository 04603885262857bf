/* msync_invalidate_locked: msync(2) "EBUSY MS_INVALIDATE was specified in
 * flags, and a memory lock exists for the specified address range". Linux
 * (mm/msync.c) walks the VMAs of the range: a locked one with MS_INVALIDATE
 * is EBUSY at once, even after a hole; a hole alone is ENOMEM (at once for
 * plain MS_SYNC, after the walk otherwise). Locks come from MAP_LOCKED and
 * mlock(2), and munlock(2) removes them. */
#include "lvtest.h"
#include <sys/mman.h>

#define PG 4096

/* The call is made before these read errno (an argument is evaluated first). */
static void want(const char *label, long ret, int err)
{
	expect_err(label, ret, errno, err);
}

static void show(const char *label, long ret)
{
	show_ret(label, ret, errno);
}

int main(void)
{
	long a = syscall(SYS_mmap, 0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	yesno("MAP_LOCKED mmap ok", a != -1);
	want("MAP_LOCKED, MS_INVALIDATE", syscall(SYS_msync, a, PG, MS_INVALIDATE), EBUSY);
	want("MAP_LOCKED, MS_SYNC|MS_INVALIDATE", syscall(SYS_msync, a, PG, MS_SYNC | MS_INVALIDATE), EBUSY);
	show("MAP_LOCKED, MS_SYNC", syscall(SYS_msync, a, PG, MS_SYNC));
	syscall(SYS_munmap, a, PG);

	long b = syscall(SYS_mmap, 0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("mmap of 3 pages ok", b != -1);
	show("unlocked, MS_INVALIDATE", syscall(SYS_msync, b, 3 * PG, MS_INVALIDATE));
	show("mlock of the third page", syscall(SYS_mlock, b + 2 * PG, PG));
	show("first page only, MS_INVALIDATE", syscall(SYS_msync, b, PG, MS_INVALIDATE));
	want("all 3, MS_INVALIDATE", syscall(SYS_msync, b, 3 * PG, MS_INVALIDATE), EBUSY);
	syscall(SYS_munmap, b + PG, PG);
	want("hole then locked, MS_INVALIDATE", syscall(SYS_msync, b, 3 * PG, MS_INVALIDATE), EBUSY);
	want("hole then locked, MS_SYNC", syscall(SYS_msync, b, 3 * PG, MS_SYNC), ENOMEM);
	want("hole then locked, MS_ASYNC", syscall(SYS_msync, b, 3 * PG, MS_ASYNC), ENOMEM);
	show("munlock of the third page", syscall(SYS_munlock, b + 2 * PG, PG));
	want("hole then unlocked, MS_INVALIDATE", syscall(SYS_msync, b, 3 * PG, MS_INVALIDATE), ENOMEM);
	show("third page, MS_INVALIDATE", syscall(SYS_msync, b + 2 * PG, PG, MS_INVALIDATE));
	done();
	return 0;
}
