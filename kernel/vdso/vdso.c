/*
 * vdso.c — the kernel half of the vDSO (see vdso.h and docs/vdso.md).
 *
 * At boot the image embedded by vdso_image.S is copied into freshly
 * allocated pages, and one more page becomes the vvar page. Those pages
 * belong to this file for the life of the kernel (each keeps the refcount of
 * 1 page_alloc() gave it); every process maps the same frames through two
 * VMA_SPECIAL mappings, [vvar] (r--) then [vdso] (r-x), as Linux 6.1 does.
 *
 * The vvar page's contents are written by core/vvar.c (vvar.h), which
 * keeps the last values so the page gets what was set before it existed.
 */
#include <vdso.h>

#include <arch.h>
#include <mm.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>

#define VDSO_MAX_PAGES 4 /* today's image is one page */

extern const char vdso_start[], vdso_end[];

_Static_assert(sizeof(struct vdso_data) <= PAGE_SIZE, "vvar must fit one page");

/* [vvar] is two pages as in Linux 6.1: the clock data, then the time
 * namespace page (all zero: there are no time namespaces). */
static paddr_t vvar_page[2];
static paddr_t vdso_pages[VDSO_MAX_PAGES];
/* nr_pages stays 0 until vdso_init() succeeds: then there is no vDSO. */
static struct vm_special vvar_mapping = {
	.name = "[vvar]", .pages = vvar_page, .nr_pages = 0, .may_prot = UPROT_READ, .pfnmap = true};
static struct vm_special vdso_mapping = {
	.name = "[vdso]", .pages = vdso_pages, .nr_pages = 0, .may_prot = UPROT_READ | UPROT_WRITE | UPROT_EXEC};

void vdso_init(void)
{
	size_t len = (size_t)(vdso_end - vdso_start);
	size_t n = len / PAGE_SIZE;
	/* a malformed image is a build error, not a runtime condition */
	CHECK(len > 0 && len % PAGE_SIZE == 0 && n <= VDSO_MAX_PAGES && memcmp(vdso_start, "\177ELF", 4) == 0);
	void *data = page_alloc(PAGE_ZERO);
	void *timens = page_alloc(PAGE_ZERO);
	if (!data || !timens)
		goto out_nomem;
	for (size_t i = 0; i < n; i++) {
		void *kva = page_alloc(0);
		if (!kva)
			goto out_nomem; /* at boot: what was taken stays taken */
		memcpy(kva, vdso_start + i * PAGE_SIZE, PAGE_SIZE);
		arch_sync_icache((vaddr_t)kva, PAGE_SIZE); /* user mode executes it */
		vdso_pages[i] = virt_to_phys(kva);
	}
	vvar_page[0] = virt_to_phys(data);
	vvar_page[1] = virt_to_phys(timens);

	vvar_attach(data);
	vvar_mapping.nr_pages = 2;
	vdso_mapping.nr_pages = n;
	return;

out_nomem:
	printk(KERN_ERR "vdso: out of memory at boot: processes get no vDSO");
}

int vdso_map(struct mm *mm, vaddr_t *base_out)
{
	*base_out = 0;
	if (!vdso_mapping.nr_pages)
		return 0;
	size_t vvar_len = vvar_mapping.nr_pages * PAGE_SIZE;
	size_t len = vvar_len + vdso_mapping.nr_pages * PAGE_SIZE;
	vaddr_t addr = vm_find_free(mm, len, 0);
	if (!addr)
		return -ENOMEM;
	int err = vm_map_special(mm, addr, UPROT_READ, &vvar_mapping);
	if (err)
		return err;
	err = vm_map_special(mm, addr + vvar_len, UPROT_READ | UPROT_EXEC, &vdso_mapping);
	if (err) {
		vm_unmap(mm, addr, vvar_len);
		return err;
	}
	*base_out = addr + vvar_len;
	return 0;
}
