/* dyn_layout: where execve puts a dynamically linked PIE and its
 * interpreter (Linux 6.1 load_elf_binary / load_elf_interp) and what the
 * auxiliary vector tells the loader about them:
 *  - AT_BASE is the interpreter's load address: an ELF header (ET_DYN) is
 *    there, page aligned, above the program and below the stack (the mmap
 *    area);
 *  - the program is at ELF_ET_DYN_BASE (2/3 of the 48-bit space) plus at
 *    most 1 GiB of randomisation, aligned to its largest p_align (64 KiB);
 *  - AT_ENTRY is the program's _start, AT_PHDR/AT_PHNUM its headers,
 *    AT_EXECFN the path execve was given;
 *  - /proc/self/auxv holds the same pairs as getauxval;
 *  - /proc/self/maps names the program, its libraries and the interpreter
 *    in address order (printed without addresses, one line per mapping
 *    with its permissions, consecutive repeats folded). */
#include "lvtest.h"
#include <elf.h>
#include <sys/auxv.h>

extern char _start[];
extern const Elf64_Ehdr __ehdr_start;

static void auxv_file_matches(void)
{
	unsigned long pairs[128];
	int fd = open("/proc/self/auxv", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, pairs, sizeof(pairs));
	if (fd >= 0)
		close(fd);
	int count = 0, mismatches = 0, terminated = 0;
	for (ssize_t i = 0; n > 0 && i + 1 < n / 8; i += 2, count++) {
		if (pairs[i] == AT_NULL) {
			terminated = 1;
			break;
		}
		if (getauxval(pairs[i]) != pairs[i + 1])
			mismatches++;
	}
	say("/proc/self/auxv: read %s, ends in AT_NULL %s, pairs %s, mismatches with getauxval %d\n",
	    n > 0 ? "ok" : "failed", terminated ? "yes" : "no", count > 10 ? "many" : "few", mismatches);
}

static void print_maps(void)
{
	static char buf[65536];
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t len = 0;
	ssize_t n;
	while (fd >= 0 && (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	if (fd >= 0)
		close(fd);
	buf[len] = 0;
	char last[512] = "";
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char perms[8], name[400] = "";
		if (sscanf(line, "%*s %7s %*s %*s %*s %399[^\n]", perms, name) < 1)
			continue;
		if (!name[0] || strcmp(name, "[heap]") == 0)
			continue; /* anonymous mappings: malloc's and the loader's own, not ABI */
		char out[512];
		snprintf(out, sizeof(out), "%s %s", perms, name);
		if (strcmp(out, last) != 0)
			say("maps: %s\n", out);
		snprintf(last, sizeof(last), "%s", out);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	unsigned long base = getauxval(AT_BASE), prog = (unsigned long)&__ehdr_start;
	unsigned long dyn_base = (2UL << 47) / 3 & ~0xffffUL; /* ELF_ET_DYN_BASE, arm64 48-bit */
	const Elf64_Ehdr *interp = (const Elf64_Ehdr *)base;
	int stack_var;
	yesno("AT_BASE set", base != 0);
	yesno("AT_BASE page aligned", base % 4096 == 0);
	yesno("interpreter ELF header at AT_BASE", base && memcmp(interp->e_ident, ELFMAG, SELFMAG) == 0);
	yesno("interpreter is ET_DYN", base && interp->e_type == ET_DYN);
	yesno("interpreter above the program", base > prog);
	yesno("interpreter below the stack", base < (unsigned long)&stack_var);
	yesno("program is ET_DYN", __ehdr_start.e_type == ET_DYN);
	yesno("program 64 KiB aligned", prog % 0x10000 == 0);
	yesno("program within 1 GiB above ELF_ET_DYN_BASE",
	      prog >= dyn_base && prog - dyn_base < (1UL << 30) + 0x10000);
	yesno("AT_ENTRY == _start", getauxval(AT_ENTRY) == (unsigned long)_start);
	yesno("AT_PHDR == ehdr + e_phoff", getauxval(AT_PHDR) == prog + __ehdr_start.e_phoff);
	yesno("AT_PHNUM == e_phnum", getauxval(AT_PHNUM) == __ehdr_start.e_phnum);
	yesno("AT_EXECFN equals argv[0]", strcmp((const char *)getauxval(AT_EXECFN), argv[0]) == 0);
	auxv_file_matches();
	print_maps();
	done();
	return 0;
}
