/* mmap_shared_anon: MAP_SHARED|MAP_ANONYMOUS gives zero-filled memory that
 * can be read and written like a private one (mmap(2): MAP_ANONYMOUS "The
 * mapping is not backed by any file; its contents are initialized to
 * zero"; on Linux shmem backs it): reads, writes, write(2) from it and
 * munmap(2) all work. */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	size_t sz = 16 * 4096;
	errno = 0;
	long r = syscall(SYS_mmap, 0, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	yesno("mmap shared anon ok", r != -1);
	if (r == -1) {
		say("errno=%s\n", errname(errno));
		done();
		return 0;
	}
	unsigned char *p = (unsigned char *)r;
	int nz = 0;
	for (size_t i = 0; i < sz; i++)
		if (p[i])
			nz++;
	say("nonzero bytes initially: %d\n", nz);
	for (size_t i = 0; i < sz; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	int bad = 0;
	for (size_t i = 0; i < sz; i++)
		if (p[i] != (unsigned char)(i * 7 + 3))
			bad++;
	say("bad bytes after write: %d\n", bad);
	memcpy(p, "shared\n", 7);
	long w = syscall(SYS_write, 1, p, 7);
	say("write from mapping: %ld\n", w);
	errno = 0;
	r = syscall(SYS_munmap, p, sz);
	show_ret("munmap", r, errno);
	done();
	return 0;
}
