/* auxv_keys: the ELF auxiliary vector placed after envp on the initial stack
 * (fs/binfmt_elf.c create_elf_tables(), getauxval(3)).
 * Prints the sorted set of keys present (Linux's order is not ABI), with
 * AT_SYSINFO_EHDR (vDSO) on its own line, the values that are deterministic
 * for a static non-PIE binary, and cross-checks getauxval() against the raw
 * walk. AT_RANDOM: only that its 16 bytes are readable. */
#include "lvtest.h"
#include <elf.h>
#include <sys/auxv.h>

extern char **environ;
extern char _start[];
extern const Elf64_Ehdr __ehdr_start;

static const char *kname(unsigned long k)
{
	switch (k) {
	case 3: return "AT_PHDR";
	case 4: return "AT_PHENT";
	case 5: return "AT_PHNUM";
	case 6: return "AT_PAGESZ";
	case 7: return "AT_BASE";
	case 8: return "AT_FLAGS";
	case 9: return "AT_ENTRY";
	case 11: return "AT_UID";
	case 12: return "AT_EUID";
	case 13: return "AT_GID";
	case 14: return "AT_EGID";
	case 15: return "AT_PLATFORM";
	case 16: return "AT_HWCAP";
	case 17: return "AT_CLKTCK";
	case 23: return "AT_SECURE";
	case 25: return "AT_RANDOM";
	case 26: return "AT_HWCAP2";
	case 27: return "AT_RSEQ_FEATURE_SIZE";
	case 28: return "AT_RSEQ_ALIGN";
	case 29: return "AT_HWCAP3";
	case 30: return "AT_HWCAP4";
	case 31: return "AT_EXECFN";
	case 33: return "AT_SYSINFO_EHDR";
	case 51: return "AT_MINSIGSTKSZ";
	default: return "AT_?";
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	char **e = environ;
	while (*e)
		e++;
	unsigned long *av = (unsigned long *)(e + 1), *p;
	unsigned long val[64] = {0};
	int present[64] = {0}, n = 0, bad = 0;
	for (p = av; p[0] != AT_NULL; p += 2, n++) {
		if (p[0] < 64) {
			present[p[0]]++;
			val[p[0]] = p[1];
		} else
			bad++;
	}
	say("keys >= 64: %d\n", bad);
	for (int k = 1; k < 64; k++)
		if (present[k] && k != AT_SYSINFO_EHDR)
			say("key %d %s%s\n", k, kname(k), present[k] > 1 ? " (duplicate)" : "");
	yesno("AT_SYSINFO_EHDR present", present[AT_SYSINFO_EHDR]);
	say("AT_NULL terminates after %s entries\n", n > 0 ? "some" : "zero");
	int mism = 0;
	for (int k = 1; k < 64; k++)
		if (present[k] && getauxval(k) != val[k])
			mism++;
	say("getauxval mismatches: %d\n", mism);
	say("AT_PAGESZ: %lu\n", val[AT_PAGESZ]);
	say("AT_PHENT: %lu\n", val[AT_PHENT]);
	yesno("AT_PHNUM == e_phnum", val[AT_PHNUM] == __ehdr_start.e_phnum);
	yesno("AT_PHDR == ehdr + e_phoff", val[AT_PHDR] == (unsigned long)&__ehdr_start + __ehdr_start.e_phoff);
	say("AT_BASE: %lu\n", val[AT_BASE]);
	say("AT_FLAGS: %lu\n", val[AT_FLAGS]);
	yesno("AT_ENTRY == _start", val[AT_ENTRY] == (unsigned long)_start);
	say("AT_UID/EUID/GID/EGID: %lu %lu %lu %lu\n", val[AT_UID], val[AT_EUID], val[AT_GID], val[AT_EGID]);
	say("AT_SECURE: %lu\n", val[AT_SECURE]);
	say("AT_CLKTCK: %lu\n", val[AT_CLKTCK]);
	say("AT_PLATFORM: %s\n", val[AT_PLATFORM] ? (const char *)val[AT_PLATFORM] : "(absent)");
	yesno("AT_EXECFN equals argv[0]", val[AT_EXECFN] && strcmp((const char *)val[AT_EXECFN], argv[0]) == 0);
	if (val[AT_RANDOM]) {
		volatile const unsigned char *r = (const unsigned char *)val[AT_RANDOM];
		unsigned s = 0;
		for (int i = 0; i < 16; i++)
			s += r[i];
		(void)s;
		say("AT_RANDOM 16 bytes readable: yes\n");
	}
	yesno("AT_HWCAP has FP", val[AT_HWCAP] & (1UL << 0));
	yesno("AT_HWCAP has ASIMD", val[AT_HWCAP] & (1UL << 1));
	if (present[AT_MINSIGSTKSZ])
		say("AT_MINSIGSTKSZ: %lu\n", val[AT_MINSIGSTKSZ]);
	done();
	return 0;
}
