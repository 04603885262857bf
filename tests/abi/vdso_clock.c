/* vdso_clock: the vDSO's clocks agree with the kernel's. libc's
 * clock_gettime goes through the vDSO (arm64: __kernel_clock_gettime,
 * version LINUX_2.6.39); the raw syscall does not. Interleaving the two
 * never goes backwards, for every clock the vDSO serves; clock_getres and
 * gettimeofday agree too; a bad clock id is EINVAL through libc
 * (vdso(7), clock_gettime(2), getauxval(3) AT_SYSINFO_EHDR).
 * Also: the image at AT_SYSINFO_EHDR is an ELF shared object exporting
 * Linux/arm64's four symbols, shown in /proc/self/maps as [vvar] then
 * [vdso]. Prints only facts. */
#include "lvtest.h"
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static const struct {
	clockid_t id;
	const char *name;
	int rounds;
} clocks[] = {
	{CLOCK_MONOTONIC, "MONOTONIC", 1000},
	{CLOCK_REALTIME, "REALTIME", 1000},
	{CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW", 200},
	{CLOCK_BOOTTIME, "BOOTTIME", 200},
	{CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", 200},
	{CLOCK_REALTIME_COARSE, "REALTIME_COARSE", 200},
};

/* libc, raw, libc, raw, ...: each reading >= the one before. */
static void interleave(clockid_t id, const char *name, int rounds)
{
	struct timespec prev, t;
	int back = 0, errs = 0, range = 0;
	if (clock_gettime(id, &prev) != 0)
		errs++;
	for (int i = 0; i < rounds; i++) {
		if (syscall(SYS_clock_gettime, id, &t) != 0)
			errs++;
		if (ns(&t) < ns(&prev))
			back++;
		if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			range++;
		prev = t;
		if (clock_gettime(id, &t) != 0)
			errs++;
		if (ns(&t) < ns(&prev))
			back++;
		if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			range++;
		prev = t;
	}
	say("%s: %d libc/syscall pairs, errors %d, backwards %d, tv_nsec out of range %d\n", name, rounds, errs, back,
	    range);
}

static void getres(clockid_t id, const char *name)
{
	struct timespec a = {-1, -1}, b = {-2, -2};
	int r1 = clock_getres(id, &a);
	long r2 = syscall(SYS_clock_getres, id, &b);
	say("clock_getres(%s): ret %d, %lld.%09ld s, same as syscall: %s\n", name, r1, (long long)a.tv_sec, a.tv_nsec,
	    r2 == 0 && a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec ? "yes" : "no");
}

static void gettimeofday_agrees(void)
{
	struct timeval tv1, tv2;
	struct timespec t;
	int r1 = gettimeofday(&tv1, NULL);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &t);
	int r2 = gettimeofday(&tv2, NULL);
	long long u1 = tv1.tv_sec * 1000000LL + tv1.tv_usec, u2 = tv2.tv_sec * 1000000LL + tv2.tv_usec;
	long long ut = ns(&t) / 1000;
	say("gettimeofday ret: %d %d\n", r1, r2);
	yesno("gettimeofday <= raw REALTIME <= gettimeofday", u1 <= ut && ut <= u2);
	yesno("tv_usec in range", tv1.tv_usec >= 0 && tv1.tv_usec < 1000000);
}

static void bad_clock(void)
{
	struct timespec t;
	errno = 0;
	int r = clock_gettime(1000, &t);
	say("libc clock_gettime(1000): ret %d errno %s\n", r, errname(r ? errno : 0));
	errno = 0;
	r = clock_getres(1000, &t);
	say("libc clock_getres(1000): ret %d errno %s\n", r, errname(r ? errno : 0));
}

/* The version name of dynamic symbol i, or "" (ELF gABI symbol versioning). */
static const char *sym_version(const Elf64_Versym *versym, const char *verdef, const char *strtab, size_t i)
{
	if (!versym || !verdef)
		return "";
	unsigned idx = versym[i] & 0x7fff;
	for (const Elf64_Verdef *d = (const void *)verdef;; d = (const void *)((const char *)d + d->vd_next)) {
		if (d->vd_ndx == idx && !(d->vd_flags & VER_FLG_BASE)) {
			const Elf64_Verdaux *aux = (const void *)((const char *)d + d->vd_aux);
			return strtab + aux->vda_name;
		}
		if (!d->vd_next)
			return "";
	}
}

static void vdso_exports(uintptr_t base)
{
	static const char *const want[] = {"__kernel_clock_gettime", "__kernel_gettimeofday", "__kernel_clock_getres",
					   "__kernel_rt_sigreturn"};
	const Elf64_Ehdr *eh = (const void *)base;
	const Elf64_Phdr *ph = (const void *)(base + eh->e_phoff);
	say("vDSO e_type ET_DYN: %s\n", eh->e_type == ET_DYN ? "yes" : "no");
	intptr_t bias = 0;
	const Elf64_Dyn *dyn = NULL;
	int have_load = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			bias = (intptr_t)base + (intptr_t)ph[i].p_offset - (intptr_t)ph[i].p_vaddr;
			have_load = 1;
		}
	}
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)(bias + ph[i].p_vaddr);
	yesno("vDSO has PT_LOAD and PT_DYNAMIC", have_load && dyn);
	if (!have_load || !dyn)
		return;
	const Elf64_Sym *symtab = NULL;
	const char *strtab = NULL, *verdef = NULL;
	const Elf32_Word *hash = NULL;
	const Elf64_Versym *versym = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		uintptr_t p = bias + dyn->d_un.d_ptr;
		switch (dyn->d_tag) {
		case DT_SYMTAB: symtab = (const void *)p; break;
		case DT_STRTAB: strtab = (const void *)p; break;
		case DT_HASH: hash = (const void *)p; break;
		case DT_VERSYM: versym = (const void *)p; break;
		case DT_VERDEF: verdef = (const void *)p; break;
		}
	}
	yesno("vDSO has DT_SYMTAB, DT_STRTAB, DT_HASH", symtab && strtab && hash);
	if (!symtab || !strtab || !hash)
		return;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const char *ver = NULL;
		for (size_t i = 1; i < hash[1]; i++) { /* hash[1]: nchain == number of symbols */
			if (strcmp(strtab + symtab[i].st_name, want[w]) == 0 && symtab[i].st_shndx != SHN_UNDEF)
				ver = sym_version(versym, verdef, strtab, i);
		}
		say("vDSO exports %s: %s%s%s\n", want[w], ver ? "yes" : "no", ver ? " @" : "", ver ? ver : "");
	}
}

/* [vvar] and [vdso] in /proc/self/maps: vvar just below vdso, vdso at base. */
static void vdso_maps(uintptr_t base)
{
	static char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t len = 0;
	ssize_t r;
	while (fd >= 0 && (r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = 0;
	if (fd >= 0)
		close(fd);
	unsigned long vvar_end = 0, vdso_start = 0;
	char vvar_perms[8] = "", vdso_perms[8] = "";
	int vvar_line = 0, vdso_line = 0, line = 0;
	for (char *l = buf, *nl; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			break;
		*nl = 0;
		line++;
		unsigned long s, e;
		char perms[8];
		if (sscanf(l, "%lx-%lx %7s", &s, &e, perms) != 3)
			continue;
		if (strstr(l, "[vvar]")) {
			vvar_end = e;
			strcpy(vvar_perms, perms);
			vvar_line = line;
		}
		if (strstr(l, "[vdso]")) {
			vdso_start = s;
			strcpy(vdso_perms, perms);
			vdso_line = line;
		}
	}
	say("[vvar] perms: %s\n", vvar_perms[0] ? vvar_perms : "(absent)");
	say("[vdso] perms: %s\n", vdso_perms[0] ? vdso_perms : "(absent)");
	yesno("[vvar] line right before [vdso]", vvar_line && vdso_line == vvar_line + 1);
	yesno("[vvar] ends where [vdso] starts", vvar_end && vvar_end == vdso_start);
	yesno("[vdso] starts at AT_SYSINFO_EHDR", vdso_start && vdso_start == base);
}

int main(void)
{
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	yesno("AT_SYSINFO_EHDR non-zero", base != 0);
	yesno("AT_SYSINFO_EHDR page aligned", (base & 4095) == 0);
	if (base) {
		yesno("AT_SYSINFO_EHDR points at \\x7fELF", memcmp((const void *)base,
								   "\x7f"
								   "ELF",
								   4) == 0);
		vdso_exports(base);
		vdso_maps(base);
	}
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		interleave(clocks[i].id, clocks[i].name, clocks[i].rounds);
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		getres(clocks[i].id, clocks[i].name);
	gettimeofday_agrees();
	bad_clock();
	done();
	return 0;
}
