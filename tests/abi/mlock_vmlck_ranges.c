/* mlock_vmlck_ranges: locked ranges are recorded (Linux mm/mlock.c:
 * VM_LOCKED on the VMAs, mm->locked_vm): VmLck in /proc/self/status and
 * "Locked:" with "lo" in /proc/self/smaps follow mlock, mlock2
 * (MLOCK_ONFAULT: nothing faulted in), a partial munlock splitting the
 * mapping and a second lock merging it back, locking a range twice,
 * mlockall(MCL_CURRENT) and (MCL_FUTURE: later mappings are locked),
 * munlockall, the heap grown by brk after MCL_FUTURE, MAP_LOCKED, fork (the child's copy is not locked), and
 * RLIMIT_MEMLOCK as an unprivileged process sees it (ENOMEM, EPERM with a
 * limit of 0, EAGAIN for MAP_LOCKED). */
#include "lvtest.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PG 4096UL

static long vmlck_kb(void)
{
	char text[4096];
	if (slurp_file("/proc/self/status", text, sizeof text) <= 0)
		return -1;
	char *p = strstr(text, "VmLck:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

/* The smaps "Locked:" of the mapping at addr, its "lo" flag and its size. */
static void show_smaps(const char *label, const void *addr)
{
	static char text[1 << 17];
	if (slurp_file("/proc/self/smaps", text, sizeof text) <= 0)
		return;
	char head[32];
	snprintf(head, sizeof head, "%lx-", (unsigned long)addr);
	char *p = strstr(text, head);
	if (!p) {
		say("%s: no mapping at the address\n", label);
		return;
	}
	unsigned long start, end;
	sscanf(p, "%lx-%lx", &start, &end);
	char *locked = strstr(p, "Locked:"), *flags = strstr(p, "VmFlags:");
	char *eol = flags ? strchr(flags, '\n') : NULL;
	if (eol)
		*eol = '\0';
	say("%s: %lu pages, Locked %ld kB, lo %d\n", label, (end - start) / PG,
	    locked ? strtol(locked + 7, NULL, 10) : -1, flags && strstr(flags, " lo") != NULL);
	if (eol)
		*eol = '\n';
}

/* The same for a mapping that may have merged with its neighbours: is all of it locked? */
static void show_smaps_whole(const char *label, const void *addr)
{
	static char text[1 << 17];
	if (slurp_file("/proc/self/smaps", text, sizeof text) <= 0)
		return;
	char *p = NULL; /* the mapping that holds addr */
	for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long start, end;
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 && start <= (unsigned long)addr &&
		    (unsigned long)addr < end) {
			p = line;
			break;
		}
	}
	char *size = p ? strstr(p, "Size:") : NULL, *locked = p ? strstr(p, "Locked:") : NULL;
	if (size && locked)
		say("%s: Locked is its size %d, Locked 0 %d\n", label,
		    strtol(size + 5, NULL, 10) == strtol(locked + 7, NULL, 10), strtol(locked + 7, NULL, 10) == 0);
}

static int resident(const char *addr, int pages)
{
	unsigned char vec[64];
	mincore((void *)addr, pages * PG, vec);
	int n = 0;
	for (int i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

int main(void)
{
	long base = vmlck_kb();
	say("VmLck at start: %ld kB\n", base);
	char *a = mmap(NULL, 9 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(a + 8 * PG, PG); /* a hole after it */
	show_ret("mlock 8 pages", mlock(a, 8 * PG), errno);
	say("VmLck +%ld kB, resident %d\n", vmlck_kb() - base, resident(a, 8));
	show_smaps("locked", a);
	show_ret("mlock them again", mlock(a, 8 * PG), errno);
	say("VmLck +%ld kB\n", vmlck_kb() - base);
	show_ret("munlock pages 2-3", munlock(a + 2 * PG, 2 * PG), errno);
	say("VmLck +%ld kB\n", vmlck_kb() - base);
	show_smaps("first part", a);
	show_smaps("unlocked middle", a + 2 * PG);
	show_smaps("last part", a + 4 * PG);
	show_ret("mlock pages 2-3 again", mlock(a + 2 * PG, 2 * PG), errno);
	show_smaps("merged back", a);
	show_ret("munlock all 8", munlock(a, 8 * PG), errno);
	say("VmLck +%ld kB\n", vmlck_kb() - base);
	show_ret("munlock a hole", munlock(a + 8 * PG, PG), errno);

	char *b = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show_ret("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, b, 4 * PG, MLOCK_ONFAULT), errno);
	say("VmLck +%ld kB, resident %d\n", vmlck_kb() - base, resident(b, 4));
	b[0] = 1;
	say("after touching one page: resident %d\n", resident(b, 4));
	show_ret("mlock2 bad flag", syscall(SYS_mlock2, b, PG, 2), errno);
	munlock(b, 4 * PG);

	char *c = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	say("MAP_LOCKED: VmLck +%ld kB, resident %d\n", vmlck_kb() - base, resident(c, 2));
	munmap(c, 2 * PG);
	say("after munmap: VmLck +%ld kB\n", vmlck_kb() - base);

	mlock(a, 8 * PG);
	pid_t pid = fork();
	if (pid == 0) {
		say("child: VmLck %ld kB\n", vmlck_kb());
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	munlock(a, 8 * PG);

	show_ret("mlockall(MCL_CURRENT | MCL_FUTURE)", mlockall(MCL_CURRENT | MCL_FUTURE), errno);
	say("VmLck is not 0: %d\n", vmlck_kb() > 0);
	char *d = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show_smaps_whole("mapped after MCL_FUTURE", d);
	say("resident %d\n", resident(d, 3));
	show_ret("munlockall", munlockall(), errno);
	say("VmLck %ld kB\n", vmlck_kb());
	char *e = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show_smaps_whole("mapped after munlockall", e);
	/* the heap grown after mlockall(MCL_FUTURE) is locked and populated */
	unsigned long top = (syscall(SYS_brk, 0) + PG - 1) & ~(PG - 1);
	syscall(SYS_brk, top);
	long before = vmlck_kb();
	mlockall(MCL_FUTURE);
	unsigned long grown = syscall(SYS_brk, top + 2 * PG);
	say("brk after MCL_FUTURE: grown %d, VmLck +%ld kB, resident %d\n", grown == top + 2 * PG, vmlck_kb() - before,
	    resident((char *)top, 2));
	munlockall();
	syscall(SYS_brk, top);
	show_ret("mlockall(MCL_ONFAULT) alone", mlockall(MCL_ONFAULT), errno);
	show_ret("mlockall(0)", mlockall(0), errno);

	pid = fork();
	if (pid == 0) {
		struct rlimit r = {2 * PG, 2 * PG};
		setrlimit(RLIMIT_MEMLOCK, &r);
		setuid(65534);
		show_ret("nobody, limit 2 pages: mlock 3", mlock(a, 3 * PG), errno);
		show_ret("nobody: mlock 2", mlock(a, 2 * PG), errno);
		show_ret("nobody: mlock 1 more", mlock(a + 2 * PG, PG), errno);
		show_ret("nobody: mlock 2 of them again", mlock(a, 2 * PG), errno);
		void *m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
		show_ret("nobody: MAP_LOCKED past the limit", m == MAP_FAILED ? -1 : 0, errno);
		munlock(a, 2 * PG);
		show_ret("nobody: mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT), errno);
		show_ret("nobody: mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE), errno);
		unsigned long now = syscall(SYS_brk, 0);
		say("nobody: brk 3 pages past the limit moves it %d\n",
		    (unsigned long)syscall(SYS_brk, now + 3 * PG) != now);
		munlockall();
		r.rlim_cur = r.rlim_max = 0;
		setrlimit(RLIMIT_MEMLOCK, &r);
		show_ret("nobody, limit 0: mlock", mlock(a, PG), errno);
		show_ret("nobody, limit 0: munlock", munlock(a, PG), errno);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
