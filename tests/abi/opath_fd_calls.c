/* opath_fd_calls: what each descriptor call does with an O_PATH descriptor
 * of a regular file and of a directory. Linux takes such calls' files with
 * fdget, which refuses an O_PATH file (EBADF) — lseek and getdents64
 * (fdget_pos), ftruncate, fallocate, fsync, fdatasync, syncfs, readahead,
 * fadvise64, sync_file_range, flock, fchmod, fchown, fgetxattr, read,
 * write, mmap, ioctl — and with fdget_raw where the descriptor only names
 * a place: fstat, fstatfs, fchdir, dup, dup3, and fcntl's F_DUPFD, F_GETFD,
 * F_SETFD and F_GETFL (other fcntl commands: EBADF, fs/fcntl.c
 * check_fcntl_cmd). open(2) man page, O_PATH. musl's fchmod and fchown
 * retry an EBADF through /proc/self/fd/N, so on musl they change the
 * file: the test works on files of its own. */
#include "lvtest.h"
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>

static void show(const char *label, long r)
{
	say("  %s: %s\n", label, r < 0 ? errname(errno) : "ok");
}

static void try_calls(const char *what, int fd, int is_dir)
{
	struct stat st;
	struct statfs sfs;
	char buf[256];
	say("%s\n", what);
	show("lseek", lseek(fd, 0, SEEK_SET));
	show("getdents64", syscall(SYS_getdents64, fd, buf, sizeof buf));
	show("ftruncate", ftruncate(fd, 0));
	show("fallocate", fallocate(fd, 0, 0, 4096));
	show("fsync", fsync(fd));
	show("fdatasync", fdatasync(fd));
	show("syncfs", syncfs(fd));
	show("readahead", readahead(fd, 0, 4096));
	show("fadvise64", syscall(SYS_fadvise64, fd, 0L, 0L, 0));
	show("sync_file_range", sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE));
	show("flock", flock(fd, LOCK_SH));
	show("fchmod", fchmod(fd, 0644));
	show("fchown", fchown(fd, 0, 0));
	show("fgetxattr", fgetxattr(fd, "user.x", buf, sizeof buf));
	show("read", read(fd, buf, 1));
	show("write", write(fd, "x", 1));
	void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	show("mmap", p == MAP_FAILED ? -1 : 0);
	show("ioctl FIONREAD", ioctl(fd, FIONREAD, buf));
	show("fstat", fstat(fd, &st));
	show("fstatfs", fstatfs(fd, &sfs));
	if (is_dir) {
		int here = open(".", O_PATH | O_DIRECTORY);
		show("fchdir", fchdir(fd));
		show("fchdir back", fchdir(here));
		close(here);
	}
	int d = dup(fd);
	show("dup", d);
	show("dup3", dup3(fd, d, O_CLOEXEC));
	close(d);
	show("F_DUPFD", d = fcntl(fd, F_DUPFD, 0));
	close(d);
	show("F_GETFD", fcntl(fd, F_GETFD));
	show("F_SETFD", fcntl(fd, F_SETFD, FD_CLOEXEC));
	long fl = fcntl(fd, F_GETFL);
	say("  F_GETFL has O_PATH: %s\n", fl >= 0 && (fl & O_PATH) ? "yes" : "no");
	show("F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK));
	struct flock lk = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
	show("F_GETLK", fcntl(fd, F_GETLK, &lk));
	show("F_SETLK", fcntl(fd, F_SETLK, &lk));
	show("F_GETPIPE_SZ", fcntl(fd, F_GETPIPE_SZ));
	show("F_GET_SEALS", fcntl(fd, F_GET_SEALS));
	show("F_GETOWN", fcntl(fd, F_GETOWN));
	show("F_SETSIG", fcntl(fd, F_SETSIG, 0));
	show("F_GETLEASE", fcntl(fd, F_GETLEASE));
}

int main(void)
{
	int fd = open("/tmp/opath_fd_calls", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "hello", 5) != 5)
		return 1;
	close(fd);
	int file = open("/tmp/opath_fd_calls", O_PATH);
	if (mkdir("/tmp/opath_fd_calls.d", 0755) < 0)
		return 1;
	int dir = open("/tmp/opath_fd_calls.d", O_PATH | O_DIRECTORY);
	if (file < 0 || dir < 0)
		return 1;
	try_calls("regular file", file, 0);
	try_calls("directory", dir, 1);
	unlink("/tmp/opath_fd_calls");
	rmdir("/tmp/opath_fd_calls.d");
	done();
	return 0;
}
