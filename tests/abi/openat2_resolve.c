/*
 * openat2_resolve.c — openat2(2) (fs/open.c build_open_flags, fs/namei.c):
 * the struct's size (EINVAL below 24, E2BIG with unknown non-zero bytes,
 * larger with zeros accepted), unknown flags or resolve bits EINVAL, a mode
 * without O_CREAT EINVAL; RESOLVE_NO_SYMLINKS refuses any link (ELOOP),
 * RESOLVE_NO_MAGICLINKS /proc/self/fd links but not /proc/self,
 * RESOLVE_NO_XDEV crossing into /proc (EXDEV), RESOLVE_BENEATH ".." above
 * the start or an absolute name (EXDEV), RESOLVE_IN_ROOT treats the start as
 * "/" for absolute names, links and "..".
 */
#include "fs_test.h"

#include <stdint.h>

struct how {
	uint64_t flags, mode, resolve;
};

static long oa2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
	struct how h = {flags, mode, resolve};
	return syscall(437, dirfd, path, &h, sizeof h);
}

int main(void)
{
	mkdir("/tmp/oa", 0755);
	mkdir("/tmp/oa/d", 0755);
	close(open("/tmp/oa/d/f", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/oa/top", O_CREAT | O_WRONLY, 0644));
	symlink("f", "/tmp/oa/d/rel");
	symlink("/top", "/tmp/oa/d/abs");
	int dfd = open("/tmp/oa/d", O_RDONLY | O_DIRECTORY);
	R("plain", oa2(dfd, "f", O_RDONLY, 0, 0));
	struct how h = {O_RDONLY, 0, 0};
	R("size 16", syscall(437, dfd, "f", &h, 16));
	char big[64] = {0};
	memcpy(big, &h, sizeof h);
	R("size 64, zeros", syscall(437, dfd, "f", big, 64));
	big[40] = 1;
	R("size 64, non-zero tail", syscall(437, dfd, "f", big, 64));
	R("unknown flag", oa2(dfd, "f", 1ULL << 40, 0, 0));
	R("unknown resolve", oa2(dfd, "f", O_RDONLY, 0, 0x100));
	R("mode without O_CREAT", oa2(dfd, "f", O_RDONLY, 0644, 0));
	R("BENEATH|IN_ROOT", oa2(dfd, "f", O_RDONLY, 0, 0x18));
	R("NO_SYMLINKS through a link", oa2(dfd, "rel", O_RDONLY, 0, 0x04));
	R("NO_SYMLINKS plain file", oa2(dfd, "f", O_RDONLY, 0, 0x04));
	int fd = open("/tmp/oa/d/f", O_RDONLY);
	char p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	R("NO_MAGICLINKS fd link", oa2(AT_FDCWD, p, O_RDONLY, 0, 0x02));
	R("NO_MAGICLINKS /proc/self/status", oa2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0, 0x02));
	R("magic link allowed", oa2(AT_FDCWD, p, O_RDONLY, 0, 0));
	R("NO_XDEV into /proc", oa2(AT_FDCWD, "/proc/self/status", O_RDONLY, 0, 0x01));
	R("NO_XDEV within", oa2(dfd, "f", O_RDONLY, 0, 0x01));
	R("BENEATH ..", oa2(dfd, "../top", O_RDONLY, 0, 0x08));
	R("BENEATH absolute", oa2(dfd, "/tmp/oa/top", O_RDONLY, 0, 0x08));
	R("BENEATH absolute link", oa2(dfd, "abs", O_RDONLY, 0, 0x08));
	R("BENEATH inside", oa2(dfd, "rel", O_RDONLY, 0, 0x08));
	R("BENEATH down and up", oa2(dfd, "./../d/f", O_RDONLY, 0, 0x08));
	R("IN_ROOT ../f", oa2(dfd, "../f", O_RDONLY, 0, 0x10));
	R("IN_ROOT /f", oa2(dfd, "/f", O_RDONLY, 0, 0x10));
	R("IN_ROOT absolute link to /top", oa2(dfd, "abs", O_RDONLY, 0, 0x10));
	R("O_CREAT under BENEATH", oa2(dfd, "new", O_CREAT | O_RDWR, 0600, 0x08));
	R("O_CREAT above under BENEATH", oa2(dfd, "../new", O_CREAT | O_RDWR, 0600, 0x08));
	unlink("/tmp/oa/d/new");
	unlink("/tmp/oa/d/rel");
	unlink("/tmp/oa/d/abs");
	unlink("/tmp/oa/d/f");
	rmdir("/tmp/oa/d");
	unlink("/tmp/oa/top");
	R("cleanup", rmdir("/tmp/oa"));
	done();
	return 0;
}
