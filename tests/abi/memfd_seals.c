/*
 * memfd_seals.c — memfd_create and file seals (memfd_create(2),
 * mm/memfd.c): a memfd is an empty regular file with nlink 0 that reads
 * and writes, shows as "/memfd:NAME (deleted)" in /proc/self/fd; without
 * MFD_ALLOW_SEALING its seals are F_SEAL_SEAL and adding is EPERM; with it,
 * F_SEAL_SHRINK stops shrinking, F_SEAL_GROW growing, F_SEAL_WRITE writes
 * and writable shared mappings, F_SEAL_SEAL further seals; a plain tmpfs
 * file reports F_SEAL_SEAL; unknown flags and a name of 250 bytes are
 * EINVAL; MFD_CLOEXEC sets close-on-exec.
 */
#include "fs_test.h"

#include <sys/mman.h>

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif

static int memfd(const char *name, unsigned flags)
{
	return (int)syscall(SYS_memfd_create, name, flags);
}

int main(void)
{
	int fd = memfd("plain", 1 /* MFD_CLOEXEC */);
	yesno("created", fd >= 0);
	struct stat st;
	fstat(fd, &st);
	say("mode %o nlink %ld size %ld\n", st.st_mode, (long)st.st_nlink, (long)st.st_size);
	say("cloexec %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
	char path[64], link[128] = {0};
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink(path, link, sizeof link - 1);
	say("link: %s\n", link);
	say("write %zd\n", write(fd, "memory", 6));
	char buf[8] = {0};
	say("pread %zd '%s'\n", pread(fd, buf, 6, 0), buf);
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	R("add seal without sealing", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	close(fd);
	fd = memfd("sealed", 2 /* MFD_ALLOW_SEALING */);
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	ftruncate(fd, 4096);
	R("seal shrink|grow", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
	R("shrink", ftruncate(fd, 100));
	R("grow", ftruncate(fd, 8192));
	R("write at the end", pwrite(fd, "x", 1, 4096));
	R("write inside", pwrite(fd, "x", 1, 10));
	void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	yesno("shared writable map before F_SEAL_WRITE", m != MAP_FAILED);
	munmap(m, 4096);
	R("seal write", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	R("write after F_SEAL_WRITE", pwrite(fd, "x", 1, 10));
	errno = 0;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("shared writable map: %s\n", m == MAP_FAILED ? errname(errno) : "mapped");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	yesno("read-only map", m != MAP_FAILED);
	R("seal seal", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	R("seal after seal", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	say("seals %d\n", fcntl(fd, F_GET_SEALS));
	R("unknown seal", fcntl(fd, F_ADD_SEALS, 0x100));
	int file = open("/tmp/memfd_plain", O_CREAT | O_RDWR, 0644);
	say("tmpfs file seals %d\n", fcntl(file, F_GET_SEALS));
	close(file);
	unlink("/tmp/memfd_plain");
	int p[2];
	pipe(p);
	R("seals of a pipe", fcntl(p[0], F_GET_SEALS));
	R("bad flags", memfd("x", 0x100));
	char name[300];
	memset(name, 'n', sizeof name);
	name[250] = 0;
	R("250-byte name", memfd(name, 0));
	name[249] = 0;
	R("249-byte name", memfd(name, 0));
	done();
	return 0;
}
