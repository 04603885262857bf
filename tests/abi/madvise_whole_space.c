/*
 * madvise_whole_space.c — advice over the whole address space at once:
 * madvise(0, ~0 & PAGE_MASK, advice) is a valid range to Linux (no wrap;
 * madvise_walk_vmas visits every mapping in it and reports the holes as
 * ENOMEM), so it must end promptly whatever it covers. Found by the
 * system-call fuzzer: LevitateOS walked the range one page table (2 MiB) at
 * a time, 2^43 steps, and never returned. A zapping advice clears the
 * caller's own memory too (its stack and data read back as zeros), so each
 * case runs in a child that makes the call and exit_group in one asm block
 * touching no memory; the parent prints how each child ended.
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "lvtest.h"

/* madvise(addr, len, advice), then exit_group(-result), from registers only. */
static void __attribute__((noreturn)) advise_and_exit(unsigned long addr, unsigned long len, long advice)
{
	register long x0 __asm__("x0") = (long)addr;
	register long x1 __asm__("x1") = (long)len;
	register long x2 __asm__("x2") = advice;
	register long x8 __asm__("x8") = SYS_madvise;
	__asm__ volatile("svc #0\n\t"
			 "neg x0, x0\n\t"
			 "mov x8, %[exit]\n\t"
			 "svc #0\n\t"
			 : "+r"(x0)
			 : "r"(x1), "r"(x2), "r"(x8), [exit] "i"(SYS_exit_group)
			 : "memory");
	__builtin_unreachable();
}

static void one_case(const char *name, unsigned long addr, unsigned long len, long advice)
{
	pid_t pid = fork();
	if (pid == 0)
		advise_and_exit(addr, len, advice);
	int status = 0;
	if (!check("waitpid", waitpid(pid, &status, 0) == pid))
		return;
	if (WIFEXITED(status))
		say("%s: exit %d (%s)\n", name, WEXITSTATUS(status), errname(WEXITSTATUS(status)));
	else
		say("%s: signal %d\n", name, WIFSIGNALED(status) ? WTERMSIG(status) : -1);
}

int main(void)
{
	const unsigned long all = ~0UL & ~4095UL, user = 1UL << 48;
	one_case("MADV_NORMAL everything", 0, all, MADV_NORMAL);
	one_case("MADV_WILLNEED everything", 0, all, MADV_WILLNEED);
	one_case("MADV_DONTNEED everything", 0, all, MADV_DONTNEED);
	one_case("MADV_DONTNEED user space", 0, user, MADV_DONTNEED);
	one_case("MADV_FREE everything", 0, all, MADV_FREE);
	one_case("MADV_REMOVE everything", 0, all, MADV_REMOVE);
	one_case("MADV_DONTFORK everything", 0, all, MADV_DONTFORK);
	one_case("MADV_DONTDUMP everything", 0, all, MADV_DONTDUMP);
	one_case("MADV_DONTNEED from 1 GiB", 1UL << 30, all - (1UL << 30), MADV_DONTNEED);
	one_case("MADV_DONTNEED past user space", user, 1UL << 40, MADV_DONTNEED);
	done();
	return 0;
}
