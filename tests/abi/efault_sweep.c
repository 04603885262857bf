/*
 * efault_sweep.c — every implemented system call that takes a user pointer,
 * given each kind of bad pointer, fails with the errno Linux gives (EFAULT
 * almost everywhere) and the kernel keeps running: NULL, a low unmapped
 * address, a PROT_NONE page, a page that was just unmapped, a kernel
 * address, and a range that runs off the end of user space.
 * Linux: include/linux/uaccess.h access_ok + the fault fixups of each call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

struct bad {
	const char *name;
	uintptr_t addr;
};

static struct bad bads[6];

static void setup(void)
{
	char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *gone = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, 4096);
	bads[0] = (struct bad){"NULL", 0};
	bads[1] = (struct bad){"low", 0x1000};
	bads[2] = (struct bad){"PROT_NONE", (uintptr_t)none};
	bads[3] = (struct bad){"unmapped", (uintptr_t)gone};
	bads[4] = (struct bad){"kernel", 0xffff000000001000UL};
	bads[5] = (struct bad){"end-of-user", 0x0000fffffffffff8UL};
}

static void report(const char *call, const struct bad *b, long ret)
{
	int e = errno;
	if (ret == -1)
		say("%s %s: %s\n", call, b->name, errname(e));
	else
		say("%s %s: ret=%ld\n", call, b->name, ret);
}

int main(int argc, char **argv)
{
	setup();
	int fd = open(argv[0], O_RDONLY);
	long t0 = 0;
	for (unsigned i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		void *p = (void *)b->addr;
		report("read", b, syscall(SYS_read, fd, p, 16));
		report("pread64", b, syscall(SYS_pread64, fd, p, 16, 0));
		report("write", b, syscall(SYS_write, 1, p, 16));
		report("readv iov", b, syscall(SYS_readv, fd, p, 1));
		report("writev iov", b, syscall(SYS_writev, 1, p, 1));
		report("openat path", b, syscall(SYS_openat, AT_FDCWD, p, O_RDONLY));
		report("newfstatat path", b, syscall(SYS_newfstatat, AT_FDCWD, p, &t0, 0));
		report("fstat buf", b, syscall(SYS_fstat, fd, p));
		report("uname", b, syscall(SYS_uname, p));
		report("clock_gettime", b, syscall(SYS_clock_gettime, 1, p));
		report("clock_getres", b, syscall(SYS_clock_getres, 1, p));
		report("gettimeofday", b, syscall(SYS_gettimeofday, p, 0));
		report("nanosleep req", b, syscall(SYS_nanosleep, p, 0));
		report("getrandom", b, syscall(SYS_getrandom, p, 16, 0));
		report("rt_sigaction act", b, syscall(SYS_rt_sigaction, 10, p, 0, 8));
		report("rt_sigaction old", b, syscall(SYS_rt_sigaction, 10, 0, p, 8));
		report("rt_sigprocmask set", b, syscall(SYS_rt_sigprocmask, 0, p, 0, 8));
		report("sigaltstack old", b, syscall(SYS_sigaltstack, 0, p));
		report("prlimit64 old", b, syscall(SYS_prlimit64, 0, 3, 0, p));
		report("getrlimit", b, syscall(SYS_getrlimit, 3, p));
		report("sched_getaffinity", b, syscall(SYS_sched_getaffinity, 0, 8, p));
		report("ppoll fds", b, syscall(SYS_ppoll, p, 1, 0, 0, 8));
		report("readlinkat path", b, syscall(SYS_readlinkat, AT_FDCWD, p, &t0, 8));
		report("readlinkat buf", b, syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", p, 8));
	}
	close(fd);
	done();
	return 0;
}
