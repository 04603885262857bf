/*
 * openat2_magic_jump.c — the RESOLVE_* rules of a jump through a /proc
 * magic link (fs/namei.c nd_jump_link): from a /proc/self/fd directory fd,
 * a link to a file on another mount is EXDEV under RESOLVE_NO_XDEV, while
 * one to a /proc file (the same mount) is followed; under RESOLVE_BENEATH
 * or RESOLVE_IN_ROOT every jump is EXDEV; RESOLVE_NO_MAGICLINKS is ELOOP;
 * without restrictions each opens the object.
 */
#include "fs_test.h"
#include <stdint.h>
#include <sys/syscall.h>

struct how {
	uint64_t flags, mode, resolve;
};

#define NO_XDEV 0x01
#define NO_MAGICLINKS 0x02
#define BENEATH 0x08
#define IN_ROOT 0x10

static long oa2(int dirfd, const char *path, uint64_t resolve)
{
	struct how h = {O_RDONLY, 0, resolve};
	return syscall(SYS_openat2, dirfd, path, &h, sizeof h);
}

int main(void)
{
	int tmp = open("/tmp/oa2_jump", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int proc = open("/proc/self/status", O_RDONLY);
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	char t[16], p[16];
	snprintf(t, sizeof t, "%d", tmp);
	snprintf(p, sizeof p, "%d", proc);
	R("a tmpfs file, no restriction", oa2(dir, t, 0));
	R("a tmpfs file, NO_XDEV", oa2(dir, t, NO_XDEV));
	R("a /proc file, NO_XDEV", oa2(dir, p, NO_XDEV));
	R("a tmpfs file, BENEATH", oa2(dir, t, BENEATH));
	R("a /proc file, BENEATH", oa2(dir, p, BENEATH));
	R("a tmpfs file, IN_ROOT", oa2(dir, t, IN_ROOT));
	R("a tmpfs file, NO_MAGICLINKS", oa2(dir, t, NO_MAGICLINKS));
	R("NO_MAGICLINKS and NO_XDEV", oa2(dir, t, NO_MAGICLINKS | NO_XDEV));
	unlink("/tmp/oa2_jump");
	done();
	return 0;
}
