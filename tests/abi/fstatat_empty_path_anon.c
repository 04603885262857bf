/*
 * fstatat_empty_path_anon.c — fstatat(fd, "", AT_EMPTY_PATH) and
 * statx(fd, "", AT_EMPTY_PATH) on descriptors with no name in any directory
 * (a pipe, a socketpair, an eventfd) describe the object itself, as fstat
 * does (Linux fs/stat.c vfs_fstatat: an empty path with AT_EMPTY_PATH is
 * vfs_fstat(dfd)). Shown: the file type, the link count and that the inode
 * number is fstat's; without AT_EMPTY_PATH the empty name is ENOENT.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* struct statx's head (include/uapi/linux/stat.h; musl has no statx()) */
struct statx_head {
	unsigned mask, blksize;
	unsigned long long attributes;
	unsigned nlink, uid, gid;
	unsigned short mode, spare;
	unsigned long long ino;
	unsigned char rest[256 - 40];
};
#define BASIC_STATS 0x7ffu /* STATX_BASIC_STATS */

static const char *type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFREG: return "regular";
	case 0: return "none";
	default: return "other";
	}
}

static void stat_both_ways(const char *what, int fd)
{
	struct stat by_fd, by_at;
	struct statx_head sx;
	int a = fstat(fd, &by_fd);
	int b = fstatat(fd, "", &by_at, AT_EMPTY_PATH);
	say("%s: fstat %d, fstatat %d (%s)\n", what, a, b, b ? errname(errno) : "ok");
	say("%s: type %s, nlink %lu, same ino %s\n", what, type_name(by_at.st_mode), (unsigned long)by_at.st_nlink,
	    by_at.st_ino == by_fd.st_ino ? "yes" : "no");
	memset(&sx, 0, sizeof(sx));
	int c = (int)syscall(SYS_statx, fd, "", AT_EMPTY_PATH, BASIC_STATS, &sx);
	say("%s: statx %d (%s), type %s, nlink %u, same ino %s\n", what, c, c ? errname(errno) : "ok",
	    type_name(sx.mode), sx.nlink, sx.ino == by_fd.st_ino ? "yes" : "no");
	expect_err("without AT_EMPTY_PATH", fstatat(fd, "", &by_at, 0), errno, ENOENT);
}

int main(void)
{
	int p[2], s[2];
	if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, s))
		return 1;
	stat_both_ways("pipe read end", p[0]);
	stat_both_ways("pipe write end", p[1]);
	stat_both_ways("socketpair", s[0]);
	stat_both_ways("eventfd", eventfd(0, 0));
	done();
	return 0;
}
