/*
 * vm_internal.h — what mm/vm.c shares with the other files of mm/
 * (mm/userfaultfd.c): VMA walks and the ways a fault maps a page, all
 * called with mm->lock held. Not for use outside mm/.
 */
#pragma once

#include <mm.h>

/* Calls fn on every VMA piece inside [start, end), splitting the VMAs that
 * straddle either end first (-ENOMEM past vm.max_map_count). */
int vm_for_each_vma_in_range(struct mm *mm, vaddr_t start, vaddr_t end, bool unmap,
			     void (*fn)(struct mm *mm, struct vma *v, void *arg), void *arg);
/* Merges what a change made compatible around [start, end). */
void vm_merge_range(struct mm *mm, vaddr_t start, vaddr_t end);
/* Maps the page-cache frame pa (its reference becomes the mapping's) at va. */
int vm_map_cache_frame(struct mm *mm, struct vma *v, vaddr_t va, paddr_t pa);
/* Marks v as mapping a private page of its own (VMA_ANON_PAGES, and an
 * anon_id if it had none, a neighbour's or a new one: Linux anon_vma_prepare). */
void vma_set_anon(struct mm *mm, struct vma *v);
/* Maps the shared zero page at va, copy-on-write. */
int vm_map_zero_page(struct mm *mm, struct vma *v, vaddr_t va);

/* userfaultfd's fault hook (mm/userfaultfd.c). uffd_must_report: is the
 * fault at va (not present) one v's userfaultfd wants to see? */
bool uffd_must_report(struct vma *v, vaddr_t va);
/* Reports it and waits until user space resolves it (or the context goes
 * away, or a signal comes); drops mm->lock (taken with irq). 0: retry the
 * access; -EIO (SIGBUS) or -EFAULT when the fault may not wait. */
int uffd_handle_fault(struct mm *mm, struct vma *v, vaddr_t addr, unsigned access, unsigned long irq);
