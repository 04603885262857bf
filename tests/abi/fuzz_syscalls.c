/*
 * fuzz_syscalls.c — a differential fuzz of the memory and file system calls:
 * 6000 calls with arguments drawn from a fixed-seed generator (so both
 * kernels see the same sequence), each result reduced to "ok" or an errno
 * name and printed. Linux's run is the expectation; LevitateOS must give
 * the same result for every call and keep running. Calls are confined so
 * the program cannot hurt itself: memory calls act inside a private arena
 * (ranges never leave it: what lies next to it differs between kernels),
 * fds are 0..9 (never closed below 3), pointers are arena, NULL, unmapped
 * or kernel addresses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

#define ARENA_PAGES 64
#define CALLS 6000

static uint64_t state = 0x2545f4914f6cdd1dULL;
static uint64_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static char *arena;

static uintptr_t any_pointer(void)
{
	switch (rnd() % 6) {
	case 0: return 0;
	case 1: return 0x10;
	case 2: return 0xffff000000000000UL;
	default: return (uintptr_t)arena + (rnd() % (ARENA_PAGES * 4096));
	}
}

static uintptr_t arena_page(void)
{
	return (uintptr_t)arena + (rnd() % ARENA_PAGES) * 4096 + ((rnd() % 8) == 0 ? rnd() % 4096 : 0);
}

static size_t any_len(void)
{
	switch (rnd() % 5) {
	case 0: return 0;
	case 1: return rnd() % 64;
	case 2: return (rnd() % 8) * 4096;
	case 3: return rnd() % (ARENA_PAGES * 4096);
	default: return (size_t)-1 >> (rnd() % 64);
	}
}

/* A length that keeps [addr, addr + len) inside the arena. */
static size_t arena_len(uintptr_t addr)
{
	size_t room = (uintptr_t)arena + ARENA_PAGES * 4096 - addr;
	return any_len() % (room + 1);
}

static const char *result(long r)
{
	return r == -1 ? errname(errno) : "ok";
}

int main(void)
{
	arena = mmap(0, ARENA_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int counts_ok = 0;
	for (int i = 0; i < CALLS; i++) {
		long r;
		const char *name;
		int fd = (int)(rnd() % 10);
		switch (rnd() % 14) {
		case 0:
			name = "read";
			r = syscall(SYS_read, fd < 3 ? fd + 3 : fd, any_pointer(), any_len());
			break;
		case 1:
			name = "write";
			r = syscall(SYS_write, fd < 3 ? 99 : fd, any_pointer(), any_len());
			break;
		case 2: {
			name = "mprotect";
			uintptr_t a = arena_page();
			r = syscall(SYS_mprotect, a, arena_len(a), rnd() % 16);
			break;
		}
		case 3: {
			name = "madvise";
			uintptr_t a = arena_page();
			r = syscall(SYS_madvise, a, arena_len(a), rnd() % 24);
			break;
		}
		case 4: {
			name = "mincore";
			uintptr_t a = arena_page();
			r = syscall(SYS_mincore, a, arena_len(a), any_pointer());
			break;
		}
		case 5: {
			name = "msync";
			uintptr_t a = arena_page();
			r = syscall(SYS_msync, a, arena_len(a), rnd() % 8);
			break;
		}
		case 6: {
			name = "mmap";
			long flags = (long)(rnd() % 4) | (long)(rnd() & (MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE |
									 MAP_STACK | MAP_GROWSDOWN));
			r = syscall(SYS_mmap, 0, any_len() % (1 << 24), rnd() % 8, flags, fd < 3 ? -1 : fd,
				    (rnd() % 3) * 4096);
			if (r != -1)
				syscall(SYS_munmap, r, 4096);
			break;
		}
		case 7:
			name = "munmap-unaligned";
			r = syscall(SYS_munmap, arena_page() | 1, any_len());
			break;
		case 8:
			name = "fstat";
			r = syscall(SYS_fstat, fd, any_pointer());
			break;
		case 9:
			name = "lseek";
			r = syscall(SYS_lseek, fd, (long)(rnd() % 100000) - 50000, rnd() % 5);
			break;
		case 10:
			name = "clock_gettime";
			r = syscall(SYS_clock_gettime, (int)(rnd() % 16) - 2, any_pointer());
			break;
		case 11:
			name = "getrandom";
			r = syscall(SYS_getrandom, any_pointer(), any_len() % 256, rnd() % 8);
			break;
		case 12:
			name = "readv";
			r = syscall(SYS_readv, fd < 3 ? 9 : fd, any_pointer(), (int)(rnd() % 2000) - 500);
			break;
		default: {
			name = "ppoll";
			struct timespec zero = {0, 0};
			r = syscall(SYS_ppoll, any_pointer(), rnd() % 4, &zero, 0, 8);
			break;
		}
		}
		if (r != -1)
			counts_ok++;
		say("%d %s %s\n", i, name, result(r));
	}
	say("calls that succeeded: %d\n", counts_ok);
	done();
	return 0;
}
