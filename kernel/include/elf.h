/*
 * elf.h — validation of ELF64 AArch64 executables before they are loaded.
 *
 * elf_check_header checks the file header and every program header against
 * the image size, so the loader can trust what it gets back: PT_LOAD file
 * ranges lie inside the image, sizes do not overflow, and segments satisfy
 * the rules Linux's binfmt_elf enforces. The image must be 8-byte aligned.
 * All failures return -ENOEXEC, the errno execve gives for a bad binary.
 */
#pragma once

#include "types.h"
#include "uapi/elf.h"

#define ELF_PAGE_SIZE 4096u
#define ELF_INTERP_MAX 4096u /* PATH_MAX: the longest PT_INTERP Linux reads */

struct elf_info {
	u16 type; /* ET_EXEC or ET_DYN */
	u64 entry;
	u64 phoff;
	u16 phnum;
	u64 min_vaddr;	  /* first PT_LOAD's vaddr, rounded down to a page */
	u64 max_vaddr;	  /* end of the highest PT_LOAD, rounded up to a page */
	u64 max_align;	  /* largest power-of-two PT_LOAD p_align, at least a page */
	bool has_interp;  /* a PT_INTERP is present (dynamically linked) */
	u64 stack_flags;  /* PF_* of PT_GNU_STACK; PF_R | PF_W if absent */
	int interp_index; /* index of the PT_INTERP header, or -1 */
};

int elf_check_header(const void *image, size_t size, struct elf_info *out) __must_check;
/* The same for a file of file_size bytes of which image holds the first
 * size (at least the headers and any interpreter name): PT_LOAD ranges are
 * checked against the file, everything read against the image. */
int elf_check_header_file(const void *image, size_t size, u64 file_size, struct elf_info *out) __must_check;

/* The i-th program header, or NULL if i is out of range. */
const Elf64_Phdr *elf_phdr(const void *image, const struct elf_info *info, int i);
