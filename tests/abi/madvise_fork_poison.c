/*
 * madvise_fork_poison.c — the madvise advice that acts on fork and the
 * memory-failure injection (Linux mm/madvise.c, mm/memory-failure.c):
 * MADV_WIPEONFORK gives a child zeros where the parent has data (private
 * anonymous memory only, else EINVAL), MADV_KEEPONFORK undoes it;
 * MADV_DONTFORK leaves a range out of the child, MADV_DOFORK undoes it;
 * MADV_HWPOISON (CAP_SYS_ADMIN, else EPERM; EFAULT on unmapped memory)
 * makes the next access SIGBUS with BUS_MCEERR_AR, si_addr the page and
 * si_addr_lsb 12, in the process and in a child forked after it. And a
 * MAP_SHARED mapping of /dev/zero opened read-only cannot be made writable
 * (EACCES), as any shared mapping of a file not open for writing.
 */
#include "lvtest.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#endif
#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
#ifndef BUS_MCEERR_AR
#define BUS_MCEERR_AR 4
#endif

#define PAGE 4096

/* Runs fn in a child; prints its exit status or signal under label. */
static void in_child(const char *label, int (*fn)(char *), char *p)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(p));
	int st;
	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		say("%s: exit %d\n", label, WEXITSTATUS(st));
	else
		say("%s: signal %d\n", label, WTERMSIG(st));
}

/* 1 for each page whose first byte is not the parent's letter. */
static int pages_wiped(char *p)
{
	return (p[0] != 'a') | (p[PAGE] != 'b') << 1 | (p[2 * PAGE] != 'c') << 2;
}

static int first_two_wiped(char *p)
{
	return (p[0] != 'a') | (p[PAGE] != 'b') << 1;
}

static int middle_mapped(char *p)
{
	return mprotect(p + PAGE, PAGE, PROT_READ) == 0 ? 0 : errno == ENOMEM ? 1 : 2;
}

static void test_fork_flags(void)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 'a';
	p[PAGE] = 'b';
	p[2 * PAGE] = 'c';
	show_ret("wipeonfork the middle page", madvise(p + PAGE, PAGE, MADV_WIPEONFORK), errno);
	in_child("child sees wiped pages (mask 2)", pages_wiped, p);
	yesno("the parent keeps its data", p[PAGE] == 'b');
	show_ret("keeponfork", madvise(p, 3 * PAGE, MADV_KEEPONFORK), errno);
	in_child("child after keeponfork", pages_wiped, p);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	expect_err("wipeonfork of shared memory", madvise(shared, PAGE, MADV_WIPEONFORK), errno, EINVAL);
	munmap(p + 2 * PAGE, PAGE);
	expect_err("wipeonfork over a hole", madvise(p, 3 * PAGE, MADV_WIPEONFORK), errno, ENOMEM);
	in_child("and the mapped part was flagged (mask 3)", first_two_wiped, p);
	madvise(p, 2 * PAGE, MADV_KEEPONFORK);

	show_ret("dontfork the middle page", madvise(p + PAGE, PAGE, MADV_DONTFORK), errno);
	in_child("child: middle page unmapped (1)", middle_mapped, p);
	show_ret("dofork", madvise(p + PAGE, PAGE, MADV_DOFORK), errno);
	in_child("child: middle page mapped (0)", middle_mapped, p);
	munmap(p, 2 * PAGE);
	munmap(shared, PAGE);
}

static char *poisoned;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	short lsb;
	memcpy(&lsb, (char *)&si->si_addr + sizeof(void *), sizeof(lsb));
	say("SIGBUS %d code %s addr %s lsb %d\n", sig, si->si_code == BUS_MCEERR_AR ? "BUS_MCEERR_AR" : "other",
	    si->si_addr == poisoned ? "the page" : "elsewhere", lsb);
	_exit(7);
}

static int touch(char *p)
{
	struct sigaction sa = {.sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO};
	sigaction(SIGBUS, &sa, NULL);
	*(volatile char *)p = 1;
	return 0;
}

static int poison_as_user(char *p)
{
	if (setuid(1000))
		return 9;
	return madvise(p, PAGE, MADV_HWPOISON) == -1 && errno == EPERM ? 0 : 1;
}

static int poison_and_touch(char *p)
{
	memset(p, 'x', 2 * PAGE);
	poisoned = p + PAGE;
	if (madvise(poisoned, PAGE, MADV_HWPOISON))
		return 3;
	say("the page before it still reads: %c\n", p[0]);
	pid_t pid = fork();
	if (pid == 0) {
		touch(poisoned);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	say("a child forked after the poison: %s\n", WIFEXITED(st) && WEXITSTATUS(st) == 7 ? "SIGBUS" : "no SIGBUS");
	return touch(poisoned);
}

static void test_poison(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	in_child("poison without CAP_SYS_ADMIN is EPERM (0)", poison_as_user, p);
	char *hole = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, PAGE);
	expect_err("poison of unmapped memory", madvise(hole, PAGE, MADV_HWPOISON), errno, EFAULT);
	in_child("poison and touch (7: the handler ran)", poison_and_touch, p);
}

static void test_readonly_zero(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	yesno("shared read-only map of /dev/zero", p != MAP_FAILED);
	expect_err("made writable", mprotect(p, PAGE, PROT_READ | PROT_WRITE), errno, EACCES);
	expect_err("mapped writable", (long)mmap(NULL, PAGE, PROT_WRITE, MAP_SHARED, fd, 0), errno, EACCES);
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	char *q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	show_ret("opened read-write: made writable", mprotect(q, PAGE, PROT_READ | PROT_WRITE), errno);
	close(fd);
}

int main(void)
{
	test_fork_flags();
	test_poison();
	test_readonly_zero();
	done();
	return 0;
}
