/*
 * rlimit_as_mmap.c — RLIMIT_AS caps the address space: mmap, brk and
 * mremap that would grow it past the limit fail with ENOMEM (mm/mmap.c
 * may_expand_vm), smaller requests still succeed, and raising the soft
 * limit back lets the big request through.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <errno.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	struct rlimit old, lim;
	getrlimit(RLIMIT_AS, &old);
	yesno("RLIMIT_AS unlimited at start", old.rlim_cur == RLIM_INFINITY);
	lim.rlim_cur = 256UL << 20;
	lim.rlim_max = old.rlim_max;
	show_ret("setrlimit 256 MiB", setrlimit(RLIMIT_AS, &lim), errno);

	void *big = mmap(0, 512UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect_err("mmap 512 MiB over the limit", big == MAP_FAILED ? -1 : 0, errno, ENOMEM);
	void *small = mmap(0, 16UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("mmap 16 MiB under the limit works", small != MAP_FAILED);
	void *grown = mremap(small, 16UL << 20, 400UL << 20, MREMAP_MAYMOVE);
	expect_err("mremap to 400 MiB over the limit", grown == MAP_FAILED ? -1 : 0, errno, ENOMEM);
	long cur = syscall(SYS_brk, 0);
	long after = syscall(SYS_brk, cur + (300L << 20));
	yesno("brk past the limit keeps the old break", after == cur);

	lim.rlim_cur = RLIM_INFINITY;
	show_ret("setrlimit back to unlimited", setrlimit(RLIMIT_AS, &lim), errno);
	big = mmap(0, 512UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	yesno("mmap 512 MiB after raising the limit", big != MAP_FAILED);
	say("done\n");
	return 0;
}
