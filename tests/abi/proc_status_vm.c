/* proc_status_vm: the memory lines of /proc/self/status (Linux 6.1
 * fs/proc/task_mmu.c task_mem): VmPeak to HugetlbPages in Linux's order,
 * and how they move. The sizes of what the C library and the kernel map
 * differ between kernels, so what is printed is the order of the lines,
 * the relations between them (VmRSS is RssAnon + RssFile + RssShmem, the
 * high-water marks never below the current values, statm agreeing with
 * status) and the changes a program makes itself: 4 MiB of private memory
 * touched (VmSize, VmData, VmRSS, RssAnon), made read-only (VmData drops:
 * vm_stat_account follows mprotect) and unmapped (VmSize drops, VmPeak and
 * VmHWM stay), 1 MiB of shared anonymous memory touched (RssShmem), page
 * tables made by touching one page per 2 MiB (VmPTE), and VmExe against
 * the executable segments of the program's own ELF headers. */
#include "lvtest.h"
#include <elf.h>
#include <sys/auxv.h>
#include <sys/mman.h>

#define PG 4096UL

static const char *const names[] = {"VmPeak",  "VmSize",  "VmLck",    "VmPin",	     "VmHWM", "VmRSS",
				    "RssAnon", "RssFile", "RssShmem", "VmData",	     "VmStk", "VmExe",
				    "VmLib",   "VmPTE",	  "VmSwap",   "HugetlbPages"};
#define NFIELDS (sizeof(names) / sizeof(names[0]))
enum { PEAK, SIZE, LCK, PIN, HWM, RSS, ANON, FILE_, SHMEM, DATA, STK, EXE, LIB, PTE, SWAP, HUGE };

static char text[8192];

/* Linux 6.1 counts a thread's RSS changes in the task and adds them to
 * the mm's counters, which /proc reads, only every 64 page faults
 * (SPLIT_RSS_COUNTING: check_sync_rss_stat), so a reading can lag by 63
 * pages. settle() makes 130 faults that change no RSS (reads of private
 * anonymous memory map the zero page, which is not counted; MADV_DONTNEED
 * drops them again), so the counters are up to date when read; LevitateOS
 * keeps them up to date anyway. */
#define PROBE_PAGES 130
static volatile char *probe;

static void settle(void)
{
	if (!probe)
		return;
	for (size_t i = 0; i < PROBE_PAGES; i++)
		(void)probe[i * PG];
	madvise((void *)probe, PROBE_PAGES * PG, MADV_DONTNEED);
}

/* Reads every field (kB) into v; returns the order check: each name found
 * after the one before it. */
static int read_status(long v[NFIELDS])
{
	settle();
	if (slurp_file("/proc/self/status", text, sizeof text) <= 0)
		return 0;
	int in_order = 1;
	char *last = text;
	for (size_t i = 0; i < NFIELDS; i++) {
		char key[32];
		snprintf(key, sizeof key, "\n%s:\t", names[i]);
		char *p = strstr(text, key);
		v[i] = p ? strtol(p + strlen(key), NULL, 10) : -1;
		if (!p || p < last)
			in_order = 0;
		else
			last = p;
	}
	return in_order;
}

/* statm: size resident shared text lib data dt, in pages. */
static void read_statm(long m[7])
{
	char buf[256];
	memset(m, 0, 7 * sizeof(long));
	settle();
	if (slurp_file("/proc/self/statm", buf, sizeof buf) > 0)
		sscanf(buf, "%ld %ld %ld %ld %ld %ld %ld", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &m[6]);
}

/* load_elf_binary's start_code/end_code: the executable PT_LOADs, from the
 * lowest p_vaddr to the highest p_vaddr + p_filesz; VmExe is that span page-aligned. */
static long elf_text_kb(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), start = ~0UL, end = 0;
	for (unsigned long i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_X))
			continue;
		if (ph[i].p_vaddr < start)
			start = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_filesz > end)
			end = ph[i].p_vaddr + ph[i].p_filesz;
	}
	return (long)((((end + PG - 1) & ~(PG - 1)) - (start & ~(PG - 1))) / 1024);
}

/* Linux 6.1 keeps each thread's rss counts apart and adds them to the
 * mm's every 64 page faults (SPLIT_RSS_COUNTING, TASK_RSS_EVENTS_THRESH),
 * so status may lag by up to 63 pages of each kind. */
static int near(long got_kb, long want_kb)
{
	return got_kb > want_kb - 256 && got_kb < want_kb + 256;
}

static void relations(const char *when, const long v[NFIELDS])
{
	char label[96];
	snprintf(label, sizeof label, "%s: VmRSS = RssAnon + RssFile + RssShmem", when);
	check(label, v[RSS] == v[ANON] + v[FILE_] + v[SHMEM]);
	snprintf(label, sizeof label, "%s: VmPeak >= VmSize, VmHWM >= VmRSS", when);
	check(label, v[PEAK] >= v[SIZE] && v[HWM] >= v[RSS]);
	snprintf(label, sizeof label, "%s: VmPTE, VmStk, VmLib above 0; VmPin, VmSwap, HugetlbPages 0", when);
	check(label,
	      v[PTE] > 0 && v[PTE] % 4 == 0 && v[STK] > 0 && v[LIB] > 0 && v[PIN] == 0 && v[SWAP] == 0 && v[HUGE] == 0);
	long m[7];
	read_statm(m);
	long w[NFIELDS];
	read_status(w); /* again, right after statm: nothing maps or touches memory between */
	snprintf(label, sizeof label, "%s: statm agrees (size, resident, text, data)", when);
	check(label, m[0] * 4 == w[SIZE] && m[1] * 4 == w[RSS] && m[3] * 4 == w[EXE] && m[5] * 4 == w[DATA] + w[STK]);
}

int main(void)
{
	long before[NFIELDS], v[NFIELDS];
	void *area = mmap(NULL, PROBE_PAGES * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return 1;
	probe = area;
	check("status lines VmPeak..HugetlbPages in Linux's order", read_status(before));
	relations("at start", before);
	check("VmExe is the ELF's executable span", before[EXE] == elf_text_kb());

	/* one page per 2 MiB of a 32 MiB mapping: a last-level table each */
	const size_t wide = 32UL << 20, table_span = 2UL << 20;
	char *t = mmap(NULL, wide, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return 1;
	long pre[NFIELDS];
	read_status(pre);
	for (size_t off = 0; off < wide; off += table_span)
		t[off] = 1;
	read_status(v);
	check("one page per 2 MiB of 32 MiB touched: VmPTE grows by at least 15 tables", v[PTE] - pre[PTE] >= 15 * 4);
	munmap(t, wide);
	read_status(before);

	const size_t len = 4UL << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	read_status(v);
	check("4 MiB mapped: VmSize and VmData +4096, VmRSS unchanged (within 256 kB)",
	      v[SIZE] - before[SIZE] == 4096 && v[DATA] - before[DATA] == 4096 && near(v[RSS] - before[RSS], 0));
	for (size_t off = 0; off < len; off += PG)
		p[off] = 1;
	read_status(v);
	long rss_grew = v[RSS] - before[RSS], anon_grew = v[ANON] - before[ANON];
	check("4 MiB touched: RssAnon +4096 (within 256 kB), VmRSS at least +3840",
	      rss_grew > 4096 - 256 && near(anon_grew, 4096));
	relations("touched", v);

	if (mprotect(p, len, PROT_READ) != 0)
		return 1;
	long w[NFIELDS];
	read_status(w);
	check("made read-only: VmData -4096, VmSize and VmRSS unchanged",
	      v[DATA] - w[DATA] == 4096 && w[SIZE] == v[SIZE] && w[RSS] == v[RSS]);

	long peak_mapped = v[SIZE], hwm_touched = v[RSS];
	if (munmap(p, len) != 0)
		return 1;
	read_status(v);
	check("unmapped: VmSize back, VmPeak and VmHWM kept",
	      v[SIZE] == before[SIZE] && v[PEAK] >= peak_mapped && v[HWM] >= hwm_touched);
	relations("unmapped", v);

	const size_t shared_len = 1UL << 20;
	char *s = mmap(NULL, shared_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return 1;
	read_status(pre);
	for (size_t off = 0; off < shared_len; off += PG)
		s[off] = 1;
	read_status(v);
	check("1 MiB shared anonymous touched: RssShmem +1024, RssAnon unchanged (within 256 kB)",
	      near(v[SHMEM] - pre[SHMEM], 1024) && near(v[ANON] - pre[ANON], 0));
	munmap(s, shared_len);

	done();
	return 0;
}
