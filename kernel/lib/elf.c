/*
 * elf.c — ELF64 executable validation (see elf.h).
 *
 * Rules, after the gABI and Linux fs/binfmt_elf.c:
 *  - e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT; e_version current;
 *    e_machine EM_AARCH64; e_type ET_EXEC or ET_DYN;
 *  - e_phentsize is 56, 1 <= e_phnum and the table is at most 64 KiB (as
 *    Linux), 8-byte aligned, inside the file;
 *  - each PT_LOAD: file range inside the file, p_filesz <= p_memsz,
 *    p_vaddr + p_memsz does not wrap, p_offset and p_vaddr congruent modulo
 *    the page size (so the file can be mapped page by page), and PT_LOADs in
 *    ascending p_vaddr order as the gABI requires;
 *  - at least one PT_LOAD; PT_INTERP's path (2 to PATH_MAX bytes) lies inside
 *    the file and, where the image holds it, ends in a NUL.
 * The checked phdrs are read directly from the image, which is why the image
 * and e_phoff must be 8-byte aligned.
 */
#include "elf.h"

#include "string.h"
#include "uapi/errno.h"

#define ELF_MAX_PHDR_BYTES 65536u

static bool range_ok(u64 off, u64 len, u64 limit)
{
	return off <= limit && len <= limit - off;
}

static int check_ident(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_machine != EM_AARCH64)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	return 0;
}

static int check_phdr_table(const Elf64_Ehdr *eh, size_t size)
{
	u64 bytes = (u64)eh->e_phnum * sizeof(Elf64_Phdr);

	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || bytes > ELF_MAX_PHDR_BYTES)
		return -ENOEXEC;
	if (eh->e_phoff % 8 || !range_ok(eh->e_phoff, bytes, size))
		return -ENOEXEC;
	return 0;
}

static int check_load(const Elf64_Phdr *ph, size_t size, u64 *prev_vaddr)
{
	if (!range_ok(ph->p_offset, ph->p_filesz, size))
		return -ENOEXEC;
	if (ph->p_filesz > ph->p_memsz)
		return -ENOEXEC;
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr ||
	    ALIGN_UP(ph->p_vaddr + ph->p_memsz, (u64)ELF_PAGE_SIZE) < ph->p_vaddr)
		return -ENOEXEC;
	if (ph->p_offset % ELF_PAGE_SIZE != ph->p_vaddr % ELF_PAGE_SIZE)
		return -ENOEXEC;
	if (ph->p_vaddr < *prev_vaddr)
		return -ENOEXEC;
	*prev_vaddr = ph->p_vaddr;
	return 0;
}

/* The interpreter's name: 2 to PATH_MAX bytes inside the file (Linux
 * load_elf_binary), ending in a NUL when it lies inside the image (otherwise
 * the loader reads it and checks that itself). */
static int check_interp(const u8 *image, const Elf64_Phdr *ph, size_t size, u64 file_size)
{
	if (ph->p_filesz < 2 || ph->p_filesz > ELF_INTERP_MAX || !range_ok(ph->p_offset, ph->p_filesz, file_size))
		return -ENOEXEC;
	if (range_ok(ph->p_offset, ph->p_filesz, size) && image[ph->p_offset + ph->p_filesz - 1] != '\0')
		return -ENOEXEC;
	return 0;
}

/* Walk the program headers, checking each and filling the span fields. */
static int scan_phdrs(const u8 *image, size_t size, u64 file_size, const Elf64_Phdr *ph, int n, struct elf_info *out)
{
	u64 prev = 0, lo = UINT64_MAX, hi = 0;
	int err;

	for (int i = 0; i < n; i++, ph++) {
		switch (ph->p_type) {
		case PT_LOAD:
			err = check_load(ph, file_size, &prev);
			if (err)
				return err;
			lo = MIN(lo, ph->p_vaddr);
			hi = MAX(hi, ph->p_vaddr + ph->p_memsz);
			/* Linux maximum_alignment: powers of two only */
			if (ph->p_align && !(ph->p_align & (ph->p_align - 1)))
				out->max_align = MAX(out->max_align, ph->p_align);
			break;
		case PT_INTERP:
			if (out->has_interp || check_interp(image, ph, size, file_size))
				return -ENOEXEC; /* one interpreter, inside the file */
			out->has_interp = true;
			out->interp_index = i;
			break;
		case PT_GNU_STACK: out->stack_flags = ph->p_flags; break;
		default: break;
		}
	}
	if (lo == UINT64_MAX)
		return -ENOEXEC; /* nothing to load */
	out->max_align = ALIGN_UP(out->max_align, (u64)ELF_PAGE_SIZE);
	out->min_vaddr = ALIGN_DOWN(lo, (u64)ELF_PAGE_SIZE);
	out->max_vaddr = ALIGN_UP(hi, (u64)ELF_PAGE_SIZE);
	return 0;
}

int elf_check_header_file(const void *image, size_t size, u64 file_size, struct elf_info *out)
{
	const Elf64_Ehdr *eh = image;
	int err;

	if (!image || (uintptr_t)image % 8 || size < sizeof(Elf64_Ehdr) || file_size < size)
		return -ENOEXEC;
	err = check_ident(eh);
	if (err)
		return err;
	err = check_phdr_table(eh, size);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->type = eh->e_type;
	out->entry = eh->e_entry;
	out->phoff = eh->e_phoff;
	out->phnum = eh->e_phnum;
	out->stack_flags = PF_R | PF_W;
	out->interp_index = -1;
	return scan_phdrs(image, size, file_size, (const Elf64_Phdr *)((const u8 *)image + eh->e_phoff), eh->e_phnum,
			  out);
}

int elf_check_header(const void *image, size_t size, struct elf_info *out)
{
	return elf_check_header_file(image, size, size, out);
}

const Elf64_Phdr *elf_phdr(const void *image, const struct elf_info *info, int i)
{
	if (i < 0 || i >= info->phnum)
		return NULL;
	return (const Elf64_Phdr *)((const u8 *)image + info->phoff) + i;
}
