/* mmap_anon_basic: mmap(2) of 1 MiB MAP_PRIVATE|MAP_ANONYMOUS RW returns a
 * page-aligned address of zero-filled memory that can be written and read
 * back; munmap(2) of it returns 0 (mmap(2): "The mapping is initialized to
 * zero" for MAP_ANONYMOUS). The kernel's view is checked with write(2):
 * the mapped data can be written out, the unmapped range gives EFAULT. */
#include "lvtest.h"
#include <stdint.h>
#include <sys/mman.h>

int main(void)
{
	size_t sz = 1u << 20;
	errno = 0;
	long r = syscall(SYS_mmap, 0, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	yesno("mmap succeeded", r != -1);
	if (r == -1) {
		say("errno=%s\n", errname(errno));
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)r;
	yesno("page aligned", ((uintptr_t)p & 4095) == 0);
	int nz = 0;
	for (size_t i = 0; i < sz; i++)
		if (p[i])
			nz++;
	say("nonzero bytes initially: %d\n", nz);
	for (size_t i = 0; i < sz; i++)
		p[i] = (unsigned char)(i * 13);
	int bad = 0;
	for (size_t i = 0; i < sz; i++)
		if (p[i] != (unsigned char)(i * 13))
			bad++;
	say("bad bytes after write: %d\n", bad);
	memcpy(p + sz - 8, "mapped\n", 7);
	long w = syscall(SYS_write, 1, p + sz - 8, 7);
	say("write from mapping: %ld\n", w);
	errno = 0;
	r = syscall(SYS_munmap, p, sz);
	show_ret("munmap", r, errno);
	errno = 0;
	w = syscall(SYS_write, 1, p, 4);
	expect_err("write from unmapped", w, errno, EFAULT);
	done();
	return 0;
}
