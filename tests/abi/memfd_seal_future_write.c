/*
 * memfd_seal_future_write.c — F_SEAL_FUTURE_WRITE (fcntl(2), mm/memfd.c,
 * include/linux/mm.h seal_check_write): unlike F_SEAL_WRITE it is granted
 * over an existing shared writable mapping, which keeps writing the file;
 * then write(2) and a new shared writable mapping are EPERM, a new shared
 * read-only mapping can never be made writable (mprotect EACCES), a private
 * writable one still takes copy-on-write stores, and F_SEAL_WRITE can still
 * be added once the old mapping is gone.
 */
#include "fs_test.h"

#include <sys/mman.h>

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_WRITE 0x0008
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

#define PAGE 4096

int main(void)
{
	int fd = (int)syscall(SYS_memfd_create, "future", 2 /* MFD_ALLOW_SEALING */);
	if (fd < 0 || ftruncate(fd, PAGE) != 0)
		return 1;
	char *old = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	yesno("shared writable mapping", old != MAP_FAILED);
	R("seal future write", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	old[0] = 'o';
	char c = 0;
	R("pread", pread(fd, &c, 1, 0));
	say("the old mapping still writes: %c\n", c);
	R("write", pwrite(fd, "w", 1, 0));
	errno = 0;
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("new shared writable map: %s\n", m == MAP_FAILED ? errname(errno) : "mapped");
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	yesno("new shared read-only map", m != MAP_FAILED);
	say("it reads %c\n", m[0]);
	R("mprotect it writable", mprotect(m, PAGE, PROT_READ | PROT_WRITE));
	munmap(m, PAGE);
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	m[0] = 'p';
	say("private store %c, file still %c\n", m[0], old[0]);
	munmap(m, PAGE);
	R("seal write over the old mapping", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(old, PAGE);
	R("seal write", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	R("ftruncate", ftruncate(fd, 2 * PAGE));
	done();
	return 0;
}
