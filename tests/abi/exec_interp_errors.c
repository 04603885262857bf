/* exec_interp_errors: execve of a program whose PT_INTERP names a bad
 * interpreter fails before the point of no return, with Linux 6.1's errno
 * (fs/binfmt_elf.c load_elf_binary, fs/exec.c open_exec):
 *   missing file ENOENT, a directory or a file without execute permission
 *   EACCES, a file shorter than an ELF header EIO, text or an ELF file of
 *   another machine ELIBBAD, a PT_INTERP name without its NUL or shorter
 *   than 2 bytes ENOEXEC.
 * Each program is a hand-made AArch64 ELF (header, PT_INTERP, PT_LOAD) in
 * /tmp; the caller survives every failure. */
#include "lvtest.h"
#include <elf.h>
#include <sys/stat.h>

#define DIR "/tmp/exec_interp_errors"

static void write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		say("write %s failed: %s\n", path, errname(errno));
	close(fd);
	chmod(path, mode);
}

/* An ELF executable at path naming interp (len bytes of it, as given). */
static void make_program(const char *path, const char *interp, size_t len, unsigned machine)
{
	static unsigned char image[4096];
	memset(image, 0, sizeof(image));
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x400000 + 1024;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	size_t interp_off = 512;
	memcpy(image + interp_off, interp, len);
	ph[0].p_type = PT_INTERP;
	ph[0].p_flags = PF_R;
	ph[0].p_offset = interp_off;
	ph[0].p_vaddr = ph[0].p_paddr = 0x400000 + interp_off;
	ph[0].p_filesz = ph[0].p_memsz = len;
	ph[0].p_align = 1;
	ph[1].p_type = PT_LOAD;
	ph[1].p_flags = PF_R | PF_X;
	ph[1].p_offset = 0;
	ph[1].p_vaddr = ph[1].p_paddr = 0x400000;
	ph[1].p_filesz = ph[1].p_memsz = sizeof(image);
	ph[1].p_align = 0x1000;
	write_file(path, image, sizeof(image), 0755);
}

static void try_exec(const char *label, const char *interp, size_t len, int want)
{
	make_program(DIR "/prog", interp, len, EM_AARCH64);
	char *argv[] = {DIR "/prog", NULL}, *envp[] = {NULL};
	long ret = execve(argv[0], argv, envp);
	expect_err(label, ret, errno, want);
}

int main(void)
{
	mkdir(DIR, 0755);
	static char text[200];
	memset(text, 'x', sizeof(text));
	write_file(DIR "/text", text, sizeof(text), 0755);
	write_file(DIR "/short", "\177ELF\2\1\1", 7, 0755);
	write_file(DIR "/noexec", text, sizeof(text), 0644);
	make_program(DIR "/x86", "/lib/ld.so", 11, EM_X86_64);

	try_exec("missing interpreter", DIR "/nonexistent", sizeof(DIR "/nonexistent"), ENOENT);
	try_exec("directory interpreter", DIR, sizeof(DIR), EACCES);
	try_exec("interpreter without execute permission", DIR "/noexec", sizeof(DIR "/noexec"), EACCES);
	try_exec("interpreter shorter than an ELF header", DIR "/short", sizeof(DIR "/short"), EIO);
	try_exec("text interpreter", DIR "/text", sizeof(DIR "/text"), ELIBBAD);
	try_exec("x86-64 interpreter", DIR "/x86", sizeof(DIR "/x86"), ELIBBAD);
	try_exec("name without NUL", DIR "/text", sizeof(DIR "/text") - 1, ENOEXEC);
	try_exec("one-byte name", "", 1, ENOEXEC);

	const char *names[] = {"prog", "text", "short", "noexec", "x86"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), DIR "/%s", names[i]);
		unlink(path);
	}
	rmdir(DIR);
	done();
	return 0;
}
