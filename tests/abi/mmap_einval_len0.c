/* mmap_einval_len0: mmap(2) with length 0 fails with EINVAL ("EINVAL (since
 * Linux 2.6.12) length was 0"; mm/mmap.c do_mmap: if (!len) return -EINVAL). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	errno = 0;
	long r = syscall(SYS_mmap, 0, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect_err("mmap len 0", r, errno, EINVAL);
	errno = 0;
	void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("libc mmap len 0 fails", p == MAP_FAILED);
	say("libc errno: %s\n", errname(errno));
	done();
	return 0;
}
