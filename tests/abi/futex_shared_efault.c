/* futex_shared_efault: a shared (not FUTEX_PRIVATE_FLAG) futex operation
 * takes the page behind the address (kernel/futex/core.c get_futex_key,
 * get_user_pages): FUTEX_WAKE on an unmapped address or on a PROT_NONE
 * page is EFAULT, and so is FUTEX_CMP_REQUEUE whose second address is
 * PROT_NONE; on readable private memory it wakes nobody (0). The private
 * form checks only alignment: on PROT_NONE it wakes nobody too. */
#include "lvtest.h"
#include <sys/mman.h>

/* include/uapi/linux/futex.h (musl has no copy of it) */
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_PRIVATE_FLAG 128

static long futex(void *addr, int op, long val, long val2, void *addr2, long val3)
{
	return syscall(SYS_futex, addr, op, val, val2, addr2, val3);
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int *gone = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, page);
	int *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *rw = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long r = futex(gone, FUTEX_WAKE, 1, 0, NULL, 0);
	expect_err("wake, unmapped", r, errno, EFAULT);
	r = futex(none, FUTEX_WAKE, 1, 0, NULL, 0);
	expect_err("wake, PROT_NONE", r, errno, EFAULT);
	r = futex(rw, FUTEX_CMP_REQUEUE, 1, 1, none, 0);
	expect_err("cmp_requeue, second address PROT_NONE", r, errno, EFAULT);
	errno = 0;
	r = futex(rw, FUTEX_WAKE, 1, 0, NULL, 0);
	show_ret("wake, private memory", r, errno);
	errno = 0;
	r = futex(none, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, NULL, 0);
	show_ret("private wake, PROT_NONE", r, errno);
	done();
	return 0;
}
