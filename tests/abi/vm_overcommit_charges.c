/*
 * vm_overcommit_charges.c — what else Committed_AS is charged with
 * (Documentation/mm/overcommit-accounting.rst; mm/mprotect.c
 * mprotect_fixup, mm/mremap.c, mm/mmap.c acct_stack_growth, mm/shmem.c
 * shmem_acct_size and shmem_acct_block): shared anonymous memory is charged
 * its whole size at mmap (MAP_NORESERVE: page by page as touched) until it
 * is unmapped; a tmpfs file page by page, and no more once deleted. In mode
 * 2 with a limit 96 MiB above Committed_AS: mprotect making a private
 * mapping writable is refused (ENOMEM) past the limit, and once charged,
 * taking write away and giving it back charges nothing again; mremap
 * growing an accounted mapping is refused past it (a read-only one is not
 * charged); with 4 MiB left, a stack that grows 6 MiB deep gets SIGSEGV, one
 * that grows 2 MiB does not.
 */
#include "overcommit_test.h"

#include <signal.h>
#include <sys/wait.h>

static long committed_mib(void)
{
	return meminfo("Committed_AS:") / 1024;
}

/* Did Committed_AS move by about want MiB (within 4) from `from`? */
static const char *moved(long from, long want)
{
	return labs(committed_mib() - from - want) <= 4 ? "yes" : "no";
}

static void charges(void)
{
	long before = committed_mib();
	char *p = map("64 MiB shared anonymous", 64 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED);
	say("charged 64 MiB at mmap: %s\n", moved(before, 64));
	memset(p, 1, 16 * MIB);
	say("still 64 MiB once touched: %s\n", moved(before, 64));
	munmap(p, 64 * MIB);
	say("uncharged by munmap: %s\n", moved(before, 0));

	p = map("64 MiB shared anonymous MAP_NORESERVE", 64 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE);
	say("nothing at mmap: %s\n", moved(before, 0));
	memset(p, 1, 16 * MIB);
	say("16 MiB once touched: %s\n", moved(before, 16));
	munmap(p, 64 * MIB);
	say("uncharged by munmap: %s\n", moved(before, 0));

	int fd = open("/tmp/overcommit_file", O_CREAT | O_RDWR | O_TRUNC, 0600);
	static char chunk[1 << 20];
	memset(chunk, 2, sizeof chunk);
	for (int i = 0; i < 16; i++)
		(void)!write(fd, chunk, sizeof chunk);
	say("a 16 MiB tmpfs file: %s\n", moved(before, 16));
	close(fd);
	unlink("/tmp/overcommit_file");
	say("deleted: %s\n", moved(before, 0));
}

static void mode2_mprotect_mremap(void)
{
	char *ro = map("128 MiB private read-only", 128 * MIB, PROT_READ, MAP_PRIVATE);
	R("mprotect it writable", mprotect(ro, 128 * MIB, PROT_READ | PROT_WRITE));
	munmap(ro, 128 * MIB);
	long before = committed_mib();
	char *small = map("32 MiB private read-only", 32 * MIB, PROT_READ, MAP_PRIVATE);
	R("mprotect it writable", mprotect(small, 32 * MIB, PROT_READ | PROT_WRITE));
	say("charged 32 MiB: %s\n", moved(before, 32));
	R("read-only again", mprotect(small, 32 * MIB, PROT_READ));
	R("writable again", mprotect(small, 32 * MIB, PROT_READ | PROT_WRITE));
	say("still 32 MiB: %s\n", moved(before, 32));
	munmap(small, 32 * MIB);

	char *w = map("1 MiB private writable", MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	errno = 0;
	void *r = mremap(w, MIB, 129 * MIB, MREMAP_MAYMOVE);
	say("mremap to 129 MiB: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
	r = mremap(w, MIB, 33 * MIB, MREMAP_MAYMOVE);
	say("mremap to 33 MiB: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
	if (r != MAP_FAILED)
		munmap(r, 33 * MIB);
	ro = map("1 MiB private read-only", MIB, PROT_READ, MAP_PRIVATE);
	r = mremap(ro, MIB, 129 * MIB, MREMAP_MAYMOVE);
	say("mremap it to 129 MiB: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
	if (r != MAP_FAILED)
		munmap(r, 129 * MIB);
}

/* A child grows its stack `mib` MiB deeper once the parent has set the
 * limit 4 MiB above Committed_AS (the fork is charged before that). */
static void stack_growth(int mib)
{
	int go[2];
	if (pipe(go))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		(void)!read(go[0], &c, 1);
		volatile char *sp = (volatile char *)__builtin_frame_address(0);
		for (long off = 4096; off <= mib * (long)MIB; off += 4096)
			sp[-off] = 1;
		_exit(0);
	}
	mode2_with_headroom(4);
	(void)!write(go[1], "g", 1);
	int st = 0;
	waitpid(pid, &st, 0);
	put("overcommit_memory", "0");
	if (WIFSIGNALED(st))
		say("stack %d MiB deeper: %s\n", mib, strsignal(WTERMSIG(st)));
	else
		say("stack %d MiB deeper: exit %d\n", mib, WEXITSTATUS(st));
	close(go[0]);
	close(go[1]);
}

int main(void)
{
	charges();
	mode2_with_headroom(96);
	mode2_mprotect_mremap();
	put("overcommit_memory", "0");
	stack_growth(2);
	stack_growth(6);
	overcommit_defaults();
	done();
	return 0;
}
