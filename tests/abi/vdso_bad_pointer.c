/* vdso_bad_pointer: a bad pointer to a clock call that the vDSO serves
 * faults in user mode, as on Linux: its vDSO stores the result through the
 * pointer unchecked (lib/vdso/gettimeofday.c), so clock_gettime(CLOCK_MONOTONIC,
 * NULL) through libc dies of SIGSEGV, while the system call itself answers
 * EFAULT, and a clock the vDSO does not serve (a CPU-time clock) falls back
 * to the system call: EFAULT. (musl's clock_getres does not use the vDSO:
 * EFAULT there, on both kernels.) Each call runs in a child of its own; the
 * parent prints how it ended (vdso(7), clock_gettime(2)). Prints only
 * facts. */
#include "lvtest.h"
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#define BAD ((void *)8) /* below vm.mmap_min_addr: never mapped */

static void *volatile null_ptr; /* NULL the compiler cannot see (glibc declares these nonnull) */

enum call {
	MONOTONIC_NULL,
	REALTIME_BAD,
	BOOTTIME_BAD,
	MONOTONIC_RAW_BAD,
	MONOTONIC_COARSE_NULL,
	REALTIME_COARSE_BAD,
	GETTIMEOFDAY_BAD,
	GETTIMEOFDAY_NULL,
	GETRES_NULL,
	GETRES_BAD,
	CPUTIME_NULL,
	SYSCALL_MONOTONIC_NULL,
	SYSCALL_GETTIMEOFDAY_BAD,
	NR_CALLS
};

static const char *const names[NR_CALLS] = {
	[MONOTONIC_NULL] = "clock_gettime(MONOTONIC, NULL)",
	[REALTIME_BAD] = "clock_gettime(REALTIME, 8)",
	[BOOTTIME_BAD] = "clock_gettime(BOOTTIME, 8)",
	[MONOTONIC_RAW_BAD] = "clock_gettime(MONOTONIC_RAW, 8)",
	[MONOTONIC_COARSE_NULL] = "clock_gettime(MONOTONIC_COARSE, NULL)",
	[REALTIME_COARSE_BAD] = "clock_gettime(REALTIME_COARSE, 8)",
	[GETTIMEOFDAY_BAD] = "gettimeofday(8, NULL)",
	[GETTIMEOFDAY_NULL] = "gettimeofday(NULL, NULL)",
	[GETRES_NULL] = "clock_getres(MONOTONIC, NULL)",
	[GETRES_BAD] = "clock_getres(MONOTONIC, 8)",
	[CPUTIME_NULL] = "clock_gettime(PROCESS_CPUTIME_ID, NULL)",
	[SYSCALL_MONOTONIC_NULL] = "syscall clock_gettime(MONOTONIC, NULL)",
	[SYSCALL_GETTIMEOFDAY_BAD] = "syscall gettimeofday(8, NULL)",
};

static long make_call(enum call c)
{
	switch (c) {
	case MONOTONIC_NULL: return clock_gettime(CLOCK_MONOTONIC, null_ptr);
	case REALTIME_BAD: return clock_gettime(CLOCK_REALTIME, BAD);
	case BOOTTIME_BAD: return clock_gettime(CLOCK_BOOTTIME, BAD);
	case MONOTONIC_RAW_BAD: return clock_gettime(CLOCK_MONOTONIC_RAW, BAD);
	case MONOTONIC_COARSE_NULL: return clock_gettime(CLOCK_MONOTONIC_COARSE, null_ptr);
	case REALTIME_COARSE_BAD: return clock_gettime(CLOCK_REALTIME_COARSE, BAD);
	case GETTIMEOFDAY_BAD: return gettimeofday(BAD, NULL);
	case GETTIMEOFDAY_NULL: return gettimeofday(null_ptr, NULL);
	case GETRES_NULL: return clock_getres(CLOCK_MONOTONIC, null_ptr);
	case GETRES_BAD: return clock_getres(CLOCK_MONOTONIC, BAD);
	case CPUTIME_NULL: return clock_gettime(CLOCK_PROCESS_CPUTIME_ID, null_ptr);
	case SYSCALL_MONOTONIC_NULL: return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, null_ptr);
	case SYSCALL_GETTIMEOFDAY_BAD: return syscall(SYS_gettimeofday, BAD, NULL);
	case NR_CALLS: break;
	}
	return -2;
}

int main(void)
{
	for (int c = 0; c < NR_CALLS; c++) {
		pid_t pid = fork();
		if (pid == 0) {
			long r = make_call((enum call)c);
			_exit(r == 0 ? 0 : r == -1 && errno == EFAULT ? 14 : 99);
		}
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			say("%s: fork or wait failed\n", names[c]);
			continue;
		}
		if (WIFSIGNALED(status))
			say("%s: killed by signal %d\n", names[c], WTERMSIG(status));
		else if (WEXITSTATUS(status) == 0)
			say("%s: returned 0\n", names[c]);
		else if (WEXITSTATUS(status) == 14)
			say("%s: EFAULT\n", names[c]);
		else
			say("%s: something else (exit %d)\n", names[c], WEXITSTATUS(status));
	}
	done();
	return 0;
}
