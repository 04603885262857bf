/*
 * memfd_seal_write_mapped.c — F_SEAL_WRITE against existing shared mappings
 * (mm/memfd.c memfd_add_seals: mapping_deny_writable is EBUSY while the
 * file's i_mmap_writable counts a shared mapping that may be written). Every
 * MAP_SHARED mapping of the memfd open for writing counts, read-only ones
 * too, in every piece a munmap or mremap leaves and in a forked child; a
 * private writable mapping and a shared one through an O_RDONLY descriptor
 * do not. Once sealed, a shared read-only mapping can never be made
 * writable (mprotect EACCES), a shared writable one is EPERM, a private one
 * still takes copy-on-write stores.
 */
#include "fs_test.h"

#include <sys/mman.h>
#include <sys/wait.h>

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_WRITE 0x0008
#endif

#define PAGE 4096

static int sealable_memfd(void)
{
	int fd = (int)syscall(SYS_memfd_create, "mapped", 2 /* MFD_ALLOW_SEALING */);
	if (fd < 0 || ftruncate(fd, 4 * PAGE) != 0)
		_exit(1);
	return fd;
}

static void *map(int fd, int prot, int flags, size_t len)
{
	void *m = mmap(NULL, len, prot, flags, fd, 0);
	if (m == MAP_FAILED)
		say("mmap: %s\n", errname(errno));
	return m;
}

static void seal(const char *label, int fd)
{
	R(label, fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
}

/* A forked child keeps its copy of the mapping until the parent has tried. */
static void seal_against_child(void)
{
	int fd = sealable_memfd();
	char *m = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED, PAGE);
	int go[2], ready[2];
	if (pipe(go) || pipe(ready))
		_exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		m[0] = 'c';
		(void)!write(ready[1], "r", 1);
		(void)!read(go[0], &c, 1);
		_exit(m[0] == 'c' ? 0 : 2);
	}
	char c;
	(void)!read(ready[0], &c, 1);
	munmap(m, PAGE);
	seal("seal, only the child maps it", fd);
	(void)!write(go[1], "g", 1);
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));
	seal("seal, the child gone", fd);
	close(fd);
}

int main(void)
{
	int fd = sealable_memfd();
	char *m = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED, 2 * PAGE);
	seal("seal over a shared writable mapping", fd);
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	R("write still allowed", pwrite(fd, "w", 1, 0));
	munmap(m + PAGE, PAGE);
	seal("seal over its first page", fd);
	char *moved = mremap(m, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	yesno("mremap", moved != MAP_FAILED);
	seal("seal over the remapped mapping", fd);
	munmap(moved, 2 * PAGE);
	seal("seal, unmapped", fd);
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	close(fd);

	fd = sealable_memfd();
	m = map(fd, PROT_READ, MAP_SHARED, PAGE);
	seal("seal over a shared read-only mapping", fd);
	munmap(m, PAGE);
	m = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE, PAGE);
	m[0] = 'p';
	seal("seal over a private writable mapping", fd);
	say("private store kept: %c\n", m[0]);
	munmap(m, PAGE);
	errno = 0;
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	say("shared read-only map after the seal: %s\n", m == MAP_FAILED ? errname(errno) : "mapped");
	R("mprotect it writable", mprotect(m, PAGE, PROT_READ | PROT_WRITE));
	munmap(m, PAGE);
	errno = 0;
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("shared writable map after the seal: %s\n", m == MAP_FAILED ? errname(errno) : "mapped");
	m = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE, PAGE);
	m[1] = 'q';
	say("private store after the seal: %c\n", m[1]);
	munmap(m, PAGE);
	close(fd);

	seal_against_child();
	done();
	return 0;
}
