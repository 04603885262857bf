/*
 * test_elf.c — kernel/lib/elf.c on real binaries built by run.sh (AArch64
 * static, static-pie and dynamic; a host x86-64 static one), and on
 * truncated, field-corrupted and randomly mutated copies held in exact-size
 * heap buffers so ASan catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "unit_data.h"

#include "elf.h"
#include "string.h"
#include "uapi/errno.h"

static u8 *load(const char *name, size_t *size)
{
	return unit_load("UNIT_DATA", "build/unit/data", name, size);
}

/* The entry point must fall inside an executable PT_LOAD. */
static void assert_entry_in_text(const u8 *img, const struct elf_info *info)
{
	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(img, info, i);
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && info->entry >= ph->p_vaddr &&
		    info->entry < ph->p_vaddr + ph->p_memsz)
			return;
	}
	fail_msg("entry 0x%llx not in an executable PT_LOAD", (unsigned long long)info->entry);
}

static void test_static(void **state)
{
	(void)state;
	size_t size;
	u8 *img = load("a64_static", &size);
	struct elf_info info;

	assert_int_equal(elf_check_header(img, size, &info), 0);
	assert_int_equal(info.type, ET_EXEC);
	assert_false(info.has_interp);
	assert_int_equal(info.min_vaddr % ELF_PAGE_SIZE, 0);
	assert_int_equal(info.max_vaddr % ELF_PAGE_SIZE, 0);
	assert_true(info.min_vaddr >= 0x400000 && info.max_vaddr > info.min_vaddr);
	assert_int_equal(info.stack_flags, PF_R | PF_W); /* non-executable stack */
	assert_entry_in_text(img, &info);
	assert_null(elf_phdr(img, &info, info.phnum));
	assert_null(elf_phdr(img, &info, -1));
	free(img);
}

static void test_static_pie(void **state)
{
	(void)state;
	size_t size;
	u8 *img = load("a64_static_pie", &size);
	struct elf_info info;

	assert_int_equal(elf_check_header(img, size, &info), 0);
	assert_int_equal(info.type, ET_DYN);
	assert_false(info.has_interp);
	assert_int_equal(info.min_vaddr, 0);
	assert_entry_in_text(img, &info);
	free(img);
}

static void test_dynamic(void **state)
{
	(void)state;
	size_t size;
	u8 *img = load("a64_dynamic", &size);
	struct elf_info info;

	assert_int_equal(elf_check_header(img, size, &info), 0);
	assert_true(info.has_interp);
	const Elf64_Phdr *ph = elf_phdr(img, &info, info.interp_index);
	assert_int_equal(ph->p_type, PT_INTERP);
	assert_string_equal((const char *)img + ph->p_offset, "/lib/ld-linux-aarch64.so.1");
	free(img);
}

static void test_host_binary(void **state)
{
	(void)state;
	size_t size;
	u8 *img = load("host_static", &size);
	struct elf_info info;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;

	assert_int_equal(eh->e_machine, EM_X86_64);
	assert_int_equal(elf_check_header(img, size, &info), -ENOEXEC);
	/* The layout is otherwise sound: with the machine patched it parses. */
	eh->e_machine = EM_AARCH64;
	assert_int_equal(elf_check_header(img, size, &info), 0);
	assert_true(info.max_vaddr > info.min_vaddr);
	free(img);
}

static int first_load(const u8 *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(img + eh->e_phoff);

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			return i;
	return -1;
}

static void test_corrupted_fields(void **state)
{
	(void)state;
	size_t size;
	u8 *orig = load("a64_static", &size);
	u8 *img = malloc(size);
	struct elf_info info;

	for (int which = 0; which < 19; which++) {
		memcpy(img, orig, size);
		Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
		Elf64_Phdr *ph = (Elf64_Phdr *)(img + eh->e_phoff);
		int l = first_load(img);
		Elf64_Phdr *ld = &ph[l];

		switch (which) {
		case 0: eh->e_ident[0] = 0x7e; break;
		case 1: eh->e_ident[EI_CLASS] = 1; break;
		case 2: eh->e_ident[EI_DATA] = 2; break;
		case 3: eh->e_ident[EI_VERSION] = 0; break;
		case 4: eh->e_version = 2; break;
		case 5: eh->e_type = ET_REL; break;
		case 6: eh->e_phentsize = 32; break;
		case 7: eh->e_phnum = 0; break;
		case 8: eh->e_phnum = PN_XNUM; break;
		case 9: eh->e_phoff = size - 8; break;
		case 10: eh->e_phoff += 4; break;
		case 11: eh->e_phoff = UINT64_MAX - 7; break;
		case 12: ld->p_filesz = ld->p_memsz + 1; break;
		case 13:
			ld->p_offset = size;
			ld->p_filesz = 1;
			ld->p_memsz = 1;
			break;
		case 14:
			ld->p_offset = UINT64_MAX - 10;
			ld->p_vaddr = UINT64_MAX - 10;
			break;
		case 15:
			ld->p_vaddr = UINT64_MAX - 0x100;
			ld->p_offset = (UINT64_MAX - 0x100) % 4096;
			break;
		case 16: ld->p_vaddr += 8; break; /* breaks offset/vaddr congruence */
		case 17:			  /* reverse the PT_LOAD order */
			for (int i = l + 1; i < eh->e_phnum; i++)
				if (ph[i].p_type == PT_LOAD) {
					Elf64_Phdr t = ph[i];
					ph[i] = *ld;
					*ld = t;
					break;
				}
			break;
		case 18: /* no PT_LOAD at all */
			for (int i = 0; i < eh->e_phnum; i++)
				if (ph[i].p_type == PT_LOAD)
					ph[i].p_type = PT_NULL;
			break;
		}
		if (elf_check_header(img, size, &info) != -ENOEXEC)
			fail_msg("corruption %d was accepted", which);
	}
	/* misaligned image */
	assert_int_equal(elf_check_header(orig + 1, size - 1, &info), -ENOEXEC);
	free(img);
	free(orig);
}

static void test_truncated(void **state)
{
	(void)state;
	const char *names[] = {"a64_static", "a64_static_pie", "a64_dynamic"};
	struct elf_info info;

	for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
		size_t size;
		u8 *orig = load(names[n], &size);
		for (size_t t = 0; t <= 256; t++) {
			u8 *c = malloc(t ? t : 1);
			memcpy(c, orig, t);
			assert_int_equal(elf_check_header(c, t, &info), -ENOEXEC);
			free(c);
		}
		/* Cut inside the loadable data: the file range check must catch it. */
		assert_int_equal(elf_check_header(orig, size / 2, &info), -ENOEXEC);
		free(orig);
	}
}

static void test_random_mutations(void **state)
{
	(void)state;
	size_t size;
	u8 *orig = load("a64_dynamic", &size);
	u8 *img = malloc(size);
	const Elf64_Ehdr *oe = (const Elf64_Ehdr *)orig;
	size_t hdr_bytes = oe->e_phoff + (size_t)oe->e_phnum * sizeof(Elf64_Phdr);
	struct elf_info info;

	srand(99);
	for (int iter = 0; iter < 20000; iter++) {
		memcpy(img, orig, size);
		for (int k = rand() % 3 + 1; k > 0; k--) {
			size_t pos = (size_t)rand() % hdr_bytes;
			img[pos] = (u8)(rand() % 3 == 0 ? 0xff : rand());
		}
		if (elf_check_header(img, size, &info) == 0) {
			/* Whatever was accepted must really satisfy the invariants. */
			for (int i = 0; i < info.phnum; i++) {
				const Elf64_Phdr *ph = elf_phdr(img, &info, i);
				if (ph->p_type != PT_LOAD)
					continue;
				assert_true(ph->p_offset <= size && ph->p_filesz <= size - ph->p_offset);
				assert_true(ph->p_filesz <= ph->p_memsz);
				assert_true(ph->p_vaddr >= info.min_vaddr);
				assert_true(ph->p_vaddr + ph->p_memsz <= info.max_vaddr);
			}
		}
	}
	free(img);
	free(orig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static),		 cmocka_unit_test(test_static_pie),
		cmocka_unit_test(test_dynamic),		 cmocka_unit_test(test_host_binary),
		cmocka_unit_test(test_corrupted_fields), cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_random_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
