/*
 * vm_overcommit.c — vm.overcommit_memory, overcommit_ratio and
 * overcommit_kbytes (Documentation/mm/overcommit-accounting.rst; mm/util.c
 * __vm_enough_memory, vm_commit_limit; mm/mmap.c accountable_mapping,
 * do_brk_flags; kernel/fork.c dup_mmap; mm/shmem.c shmem_acct_size):
 * CommitLimit is overcommit_ratio percent of RAM (no swap) or
 * overcommit_kbytes; Committed_AS grows by a private writable mapping and
 * shrinks when it goes. Mode 1 refuses nothing; mode 2 refuses a private
 * writable mapping (MAP_NORESERVE or not), shared anonymous memory, a brk
 * and a fork that would take Committed_AS to the limit, but not a
 * read-only private mapping. The limit is set relative to each kernel's
 * own Committed_AS (read after mode 2 is on: Linux makes it exact then),
 * and the settings are put back at the end.
 */
#include "overcommit_test.h"

#include <sys/syscall.h>
#include <sys/wait.h>

static void try_fork(const char *label)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	int st = 0;
	if (pid > 0)
		waitpid(pid, &st, 0);
	say("%s: %s\n", label, pid < 0 ? errname(errno) : WEXITSTATUS(st) == 7 ? "ok" : "child failed");
}

int main(void)
{
	show("overcommit_memory");
	show("overcommit_ratio");
	show("overcommit_kbytes");
	long total = meminfo("MemTotal:"), limit = meminfo("CommitLimit:");
	say("CommitLimit is half of MemTotal: %s\n", labs(limit - total / 2) <= 4 ? "yes" : "no");
	put("overcommit_memory", "3");
	put("overcommit_ratio", "25");
	say("CommitLimit at ratio 25: %s\n",
	    labs(meminfo("CommitLimit:") - total / 4) <= 4 ? "a quarter of MemTotal" : "other");

	long before = meminfo("Committed_AS:");
	char *p = map("64 MiB private writable", 64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	long during = meminfo("Committed_AS:");
	munmap(p, 64 * MIB);
	long after = meminfo("Committed_AS:");
	say("Committed_AS grew by 64 MiB: %s, and shrank again: %s\n", during - before >= 60 * 1024 ? "yes" : "no",
	    during - after >= 60 * 1024 ? "yes" : "no");

	put("overcommit_memory", "1");
	p = map("mode 1: 1 TiB private writable", 1UL << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	if (p)
		munmap(p, 1UL << 40);

	mode2_with_headroom(96);
	show("overcommit_ratio");
	char kb[32] = "";
	slurp_file("/proc/sys/vm/overcommit_kbytes", kb, sizeof kb);
	say("CommitLimit is overcommit_kbytes: %s\n", meminfo("CommitLimit:") == atol(kb) ? "yes" : "no");
	char *a = map("mode 2: 32 MiB private writable", 32 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	map("128 MiB private writable", 128 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	map("128 MiB private writable MAP_NORESERVE", 128 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE);
	map("128 MiB shared anonymous", 128 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED);
	p = map("128 MiB private read-only", 128 * MIB, PROT_READ, MAP_PRIVATE);
	if (p)
		munmap(p, 128 * MIB);
	long cur = syscall(SYS_brk, 0);
	long got = syscall(SYS_brk, cur + 128 * MIB);
	say("brk 128 MiB higher: %s\n", got == cur ? "unchanged" : "moved");
	char *b = map("40 MiB private writable", 40 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	try_fork("fork with 72 MiB of the 96 committed");
	munmap(b, 40 * MIB);
	munmap(a, 32 * MIB);
	try_fork("fork after unmapping them");

	overcommit_defaults();
	show("overcommit_kbytes");
	done();
	return 0;
}
