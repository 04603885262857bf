/* proc_smaps_compare: /proc/self/smaps, smaps_rollup and statm as Linux 6.1
 * writes them (fs/proc/task_mmu.c show_smap, show_smaps_rollup, task_statm;
 * proc(5)). Every smaps entry is printed with its address, device and inode
 * left out (Linux varies them) and its field names in order, its VmFlags,
 * and, for the mappings this program makes, every value: anonymous pages
 * written and only read (the zero page is not counted), a tmpfs file mapped
 * shared and privately (a written private page becomes anonymous, a page
 * mapped twice is shared), and the same anonymous pages seen from a forked
 * child (shared, Pss halved). Other mappings' values are left out: Linux
 * maps file pages around a fault (fault_around_bytes), so how many of the
 * program's own pages are resident is its own choice. smaps_rollup: its
 * header spans the first to the last mapping, its fields in order, its Rss
 * equals smaps' Rss added up, and its counts grow as the mappings are made;
 * statm: size and data grow by what each mapping adds, text is the
 * program's executable segments, lib and dt are 0 (resident and shared
 * are left out: Linux 6.1 folds each thread's counts in only now and then). */
#include "lvtest.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096UL

static char buf[262144];

static void read_file(const char *path)
{
	memset(buf, 0, sizeof buf);
	if (slurp_file(path, buf, sizeof buf) < 0)
		say("%s: %s\n", path, errname(errno));
}

/* The value of field name in the text t (up to its next blank line or end). */
static long field(const char *t, const char *name)
{
	size_t n = strlen(name);
	for (const char *l = t; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, name, n) == 0 && l[n] == ':')
			return strtol(l + n + 1, NULL, 10);
	return -1;
}

/* The smaps entry whose range starts at addr (a copy in out), or NULL. */
static char *entry_at(const char *smaps, uintptr_t addr, char *out, size_t size)
{
	const char *l = smaps;
	while (*l) {
		unsigned long s, e;
		const char *nl = strchr(l, '\n');
		if (sscanf(l, "%lx-%lx ", &s, &e) == 2 && strchr(l, '-') < nl && l[0] != ' ' &&
		    strncmp(l, "VmFlags", 7) != 0 && s == addr) {
			const char *end = strstr(l, "VmFlags:");
			end = end ? strchr(end, '\n') : NULL;
			size_t len = end ? (size_t)(end - l + 1) : strlen(l);
			if (len >= size)
				len = size - 1;
			memcpy(out, l, len);
			out[len] = 0;
			return out;
		}
		if (!nl)
			break;
		l = nl + 1;
	}
	return NULL;
}

/* A header line without its addresses, device and inode: "perms offset name". */
static void print_header(const char *l, const char *nl)
{
	char perms[8], dev[16], rest[512] = "";
	unsigned long off, ino;
	int pos = 0;
	char line[600];
	size_t len = (size_t)(nl - l) < sizeof line - 1 ? (size_t)(nl - l) : sizeof line - 1;
	memcpy(line, l, len);
	line[len] = 0;
	if (sscanf(line, "%*x-%*x %7s %lx %15s %lu%n", perms, &off, dev, &ino, &pos) != 4) {
		say("bad header: %s\n", line);
		return;
	}
	const char *name = line + pos;
	int spaces = 0;
	while (*name == ' ') {
		name++;
		spaces++;
	}
	snprintf(rest, sizeof rest, "%s", name);
	/* the name starts at column 73 (seq_pad) when there is one */
	say("map %s %08lx %s%s\n", perms, off, rest, *rest && pos + spaces != 73 ? " (not at column 73)" : "");
}

/* Each entry: its header, its field names in order, its VmFlags; the values
 * too if full (but Referenced's when full is 2: fork clears the child's
 * accessed bits on Linux, copy_present_pte's pte_mkold, which LevitateOS
 * does not keep). */
static void print_entry(const char *e, int full)
{
	const char *nl = strchr(e, '\n');
	print_header(e, nl);
	char names[1024] = "";
	for (const char *l = nl + 1; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			break;
		if (strncmp(l, "VmFlags:", 8) == 0) {
			say("  %.*s\n", (int)(nl - l), l);
			break;
		}
		const char *colon = memchr(l, ':', (size_t)(nl - l));
		if (!colon) {
			say("  odd line: %.*s\n", (int)(nl - l), l);
			continue;
		}
		if (full == 2 && strncmp(l, "Referenced:", 11) == 0)
			say("  Referenced: (not compared)\n");
		else if (full)
			say("  %.*s\n", (int)(nl - l), l);
		else
			snprintf(names + strlen(names), sizeof names - strlen(names), "%.*s ", (int)(colon - l), l);
	}
	if (!full)
		say("  fields: %s\n", names);
}

static void print_all(const char *smaps)
{
	for (const char *l = smaps; *l;) {
		char one[4096];
		unsigned long s, e;
		if (sscanf(l, "%lx-%lx ", &s, &e) == 2 && entry_at(smaps, s, one, sizeof one))
			print_entry(one, 0);
		const char *end = strstr(l, "VmFlags:");
		end = end ? strchr(end, '\n') : NULL;
		if (!end)
			break;
		l = end + 1;
	}
}

static void show_mapping_as(const char *what, void *addr, int full)
{
	char one[4096];
	read_file("/proc/self/smaps");
	say("-- %s\n", what);
	if (entry_at(buf, (uintptr_t)addr, one, sizeof one))
		print_entry(one, full);
	else
		say("  no smaps entry\n");
}

static void show_mapping(const char *what, void *addr)
{
	show_mapping_as(what, addr, 1);
}

struct statm {
	long size, resident, shared, text, lib, data, dt;
};

static struct statm statm_now(void)
{
	struct statm m = {0};
	read_file("/proc/self/statm");
	if (sscanf(buf, "%ld %ld %ld %ld %ld %ld %ld", &m.size, &m.resident, &m.shared, &m.text, &m.lib, &m.data,
		   &m.dt) != 7)
		say("statm: %s", buf);
	return m;
}

static void statm_delta(const char *what, struct statm a, struct statm b)
{
	/* resident and shared are Linux 6.1's per-thread rss counters, folded
	 * into the mm only every 64 faults (SPLIT_RSS_COUNTING): not compared */
	say("statm %s: size %+ld text %+ld lib %ld data %+ld dt %ld\n", what, b.size - a.size, b.text - a.text, b.lib,
	    b.data - a.data, b.dt);
}

struct rollup {
	long rss, pss_anon, pss_shmem, anonymous, private_dirty;
};

static struct rollup rollup_now(void)
{
	read_file("/proc/self/smaps_rollup");
	struct rollup r = {field(buf, "Rss"), field(buf, "Pss_Anon"), field(buf, "Pss_Shmem"), field(buf, "Anonymous"),
			   field(buf, "Private_Dirty")};
	return r;
}

static void rollup_delta(const char *what, struct rollup a, struct rollup b)
{
	say("rollup %s: Rss %+ld Pss_Anon %+ld Pss_Shmem %+ld Anonymous %+ld Private_Dirty %+ld\n", what, b.rss - a.rss,
	    b.pss_anon - a.pss_anon, b.pss_shmem - a.pss_shmem, b.anonymous - a.anonymous,
	    b.private_dirty - a.private_dirty);
}

/* smaps_rollup's header and field names; its span and Rss against smaps'. */
static void check_rollup(void)
{
	static char smaps[sizeof buf];
	memset(smaps, 0, sizeof smaps); /* its pages resident before smaps is read */
	read_file("/proc/self/smaps");
	memcpy(smaps, buf, sizeof smaps);
	read_file("/proc/self/smaps_rollup");
	unsigned long first = 0, last = 0, s, e;
	long rss = 0;
	for (const char *l = smaps; *l;) {
		const char *nl = strchr(l, '\n');
		if (sscanf(l, "%lx-%lx ", &s, &e) == 2 && l[0] != ' ' && strncmp(l, "VmFlags", 7) != 0 &&
		    memchr(l, '-', (size_t)(nl - l))) {
			if (!first)
				first = s;
			last = e;
		}
		if (strncmp(l, "Rss:", 4) == 0)
			rss += strtol(l + 4, NULL, 10);
		if (!nl)
			break;
		l = nl + 1;
	}
	unsigned long rs = 0, re = 0;
	sscanf(buf, "%lx-%lx", &rs, &re);
	yesno("rollup spans first to last mapping", rs == first && re == last);
	/* reading smaps may fault in a page or two of this program between the reads */
	long diff = field(buf, "Rss") - rss;
	if (!check("rollup Rss is smaps' Rss added up", diff >= -8 && diff <= 8))
		say("rollup Rss %ld, smaps %ld\n", field(buf, "Rss"), rss);
	const char *nl = strchr(buf, '\n');
	print_header(buf, nl);
	char names[1024] = "";
	for (const char *l = nl + 1; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			break;
		const char *colon = memchr(l, ':', (size_t)(nl - l));
		int w = colon ? (int)(colon - l) : (int)(nl - l);
		snprintf(names + strlen(names), sizeof names - strlen(names), "%.*s ", w, l);
		/* a 16-column name, an 8-column value, " kB" (SEQ_PUT_DEC) */
		if (nl - l != 27)
			say("rollup line %.*s is %d wide\n", w, l, (int)(nl - l));
	}
	say("rollup fields: %s\n", names);
}

int main(void)
{
	struct statm m0 = statm_now();
	say("statm lib %ld dt %ld text %ld\n", m0.lib, m0.dt, m0.text);

	/* anonymous: 8 pages, 3 written */
	/* MAP_NORESERVE: its flags differ from every other anonymous mapping, so it merges with none */
	char *anon = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct statm m1 = statm_now();
	struct rollup r1 = rollup_now();
	anon[0] = 1;
	anon[2 * PG] = 1;
	anon[5 * PG] = 1;
	struct statm m2 = statm_now();
	struct rollup r2 = rollup_now();
	statm_delta("mmap 8 anonymous pages", m0, m1);
	statm_delta("write 3 of them", m1, m2);
	rollup_delta("write 3 anonymous pages", r1, r2);
	show_mapping("anonymous, 3 of 8 pages written", anon);

	/* anonymous, only read: the zero page, not counted */
	volatile char *ro = mmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char sum = 0;
	for (int i = 0; i < 4; i++)
		sum += ro[i * PG];
	say("read sum %d\n", sum);
	show_mapping("anonymous, 4 pages read", (void *)ro);

	/* a tmpfs file of 4 pages, mapped shared and read whole */
	int fd = open("/tmp/smaps_file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	static char page[PG];
	for (int i = 0; i < 4; i++) {
		memset(page, 'a' + i, sizeof page);
		if (write(fd, page, sizeof page) != (ssize_t)sizeof page)
			say("write: %s\n", errname(errno));
	}
	struct statm m3 = statm_now();
	struct rollup r3 = rollup_now();
	char *shared = mmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	for (int i = 0; i < 4; i++)
		sum += shared[i * PG];
	struct statm m4 = statm_now();
	struct rollup r4 = rollup_now();
	statm_delta("map a 4-page file shared, read it", m3, m4);
	rollup_delta("map a 4-page file shared, read it", r3, r4);
	show_mapping("file, shared, 4 pages read", shared);

	/* the same file privately, 2 pages: page 0 written (copied), page 1 read (mapped twice) */
	char *priv = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	priv[0] = 'z';
	sum += priv[PG];
	say("sum %d\n", sum);
	struct statm m5 = statm_now();
	statm_delta("map 2 pages of it privately, write one, read one", m4, m5);
	show_mapping("file, private, page 0 written, page 1 read", priv);
	show_mapping("file, shared, after the private mapping", shared);

	/* the anonymous pages seen from a child: shared by two, Pss halved */
	int p[2];
	if (pipe(p) != 0)
		say("pipe: %s\n", errname(errno));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		char c;
		if (read(p[0], &c, 1) != 1) /* the parent has printed its part */
			_exit(1);
		show_mapping_as("child: anonymous, 3 of 8 written by the parent", anon, 2);
		anon[0] = 2; /* copied: private again */
		show_mapping_as("child: after writing one page", anon, 2);
		_exit(0);
	}
	close(p[0]);
	show_mapping("parent: anonymous after fork", anon);
	if (write(p[1], "x", 1) != 1)
		say("write: %s\n", errname(errno));
	close(p[1]);
	int status = 0;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);

	check_rollup();
	read_file("/proc/self/smaps");
	static char all[sizeof buf];
	memcpy(all, buf, sizeof all);
	print_all(all);
	close(fd);
	unlink("/tmp/smaps_file");
	done();
	return 0;
}
