/*
 * fuzz_files.c — a differential fuzz of the file-descriptor system calls:
 * 5000 calls of dup, dup3, fcntl, close, lseek, read, pread64, readv,
 * fstat, newfstatat, readlinkat, openat and read-only tty ioctls with
 * arguments from a fixed-seed generator, each result printed as "ok", a
 * value, or an errno name. Linux's run is the expectation. Files are opened
 * read-only (the initramfs is writable on Linux, not yet here) and fds 0-2
 * are never closed or replaced.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "lvtest.h"

#define CALLS 5000

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static char buf[8192];
static const char *exe;

static int any_fd(void)
{
	switch (rnd() % 8) {
	case 0: return -1;
	case 1: return (int)(rnd() % 2000);
	default: return 3 + (int)(rnd() % 12);
	}
}

static uintptr_t any_ptr(void)
{
	switch (rnd() % 5) {
	case 0: return 0;
	case 1: return 0xffff000000000000UL;
	default: return (uintptr_t)buf + rnd() % 4096;
	}
}

static const char *any_path(void)
{
	static const char *paths[] = {"/proc/self/maps", "/nonexistent", "", "/proc/self/exe", "/", "relative"};
	unsigned i = rnd() % 7;
	return i == 6 ? exe : paths[i];
}

static void report(int i, const char *name, long r)
{
	if (r == -1)
		say("%d %s %s\n", i, name, errname(errno));
	else
		say("%d %s %ld\n", i, name, r);
}

int main(int argc, char **argv)
{
	exe = argv[0];
	for (int i = 0; i < CALLS; i++) {
		int fd = any_fd();
		int target = 3 + (int)(rnd() % 20);
		switch (rnd() % 13) {
		case 0:
			report(i, "openat",
			       syscall(SYS_openat, AT_FDCWD, any_path(),
				       O_RDONLY | ((rnd() % 2) ? O_CLOEXEC : 0) |
					       ((rnd() % 4) == 0 ? O_DIRECTORY : 0)));
			break;
		case 1: report(i, "close", fd >= 3 ? close(fd) : 0); break;
		case 2: report(i, "dup", syscall(SYS_dup, fd)); break;
		case 3:
			report(i, "dup3",
			       syscall(SYS_dup3, fd, target, (rnd() % 3) == 0 ? O_CLOEXEC : (int)(rnd() % 3)));
			break;
		case 4: {
			static const int cmds[] = {F_GETFD, F_SETFD, F_GETFL, F_DUPFD, F_DUPFD_CLOEXEC, 99};
			report(i, "fcntl", syscall(SYS_fcntl, fd, cmds[rnd() % 6], (long)(rnd() % 30)));
			break;
		}
		case 5:
			report(i, "lseek", syscall(SYS_lseek, fd, (long)(rnd() % 20000) - 5000, (int)(rnd() % 4)));
			break;
		case 6: report(i, "read", syscall(SYS_read, fd, any_ptr(), rnd() % 3000)); break;
		case 7:
			report(i, "pread64",
			       syscall(SYS_pread64, fd, any_ptr(), rnd() % 3000, (long)(rnd() % 5000) - 100));
			break;
		case 8: {
			struct iovec iov[3] = {
				{buf, rnd() % 100}, {(void *)any_ptr(), rnd() % 100}, {buf + 200, rnd() % 100}};
			report(i, "readv", syscall(SYS_readv, fd, iov, (int)(rnd() % 4)));
			break;
		}
		case 9: report(i, "fstat", syscall(SYS_fstat, fd, any_ptr())); break;
		case 10:
			report(i, "newfstatat",
			       syscall(SYS_newfstatat, fd, any_path(), any_ptr(), (rnd() % 2) ? AT_EMPTY_PATH : 0));
			break;
		case 11:
			report(i, "readlinkat",
			       syscall(SYS_readlinkat, AT_FDCWD, any_path(), any_ptr(), (int)(rnd() % 64) - 4));
			break;
		default: {
			static const unsigned long cmds[] = {TCGETS, TIOCGWINSZ, FIONREAD, 0x5499};
			report(i, "ioctl", syscall(SYS_ioctl, (rnd() % 2) ? 1 : fd, cmds[rnd() % 4], any_ptr()));
			break;
		}
		}
	}
	done();
	return 0;
}
