/*
 * memlayout.h — the kernel's virtual address map (48-bit VA, 4 KiB pages).
 *
 *   0x0000_0000_0000_0000 .. 0x0000_ffff_ffff_ffff  user (TTBR0, per process)
 *   0xffff_0000_0000_0000 .. 0xffff_7fff_ffff_ffff  linear map of all RAM: VA = PA + LINEAR_BASE
 *   0xffff_8000_0000_0000 .. 0xffff_8000_ffff_ffff  device MMIO (ioremap window)
 *   0xffff_8001_0000_0000 .. 0xffff_8001_3fff_ffff  kernel stacks (kstack.c): 16 KiB slots,
 *                                                    8 KiB stack + 8 KiB never mapped
 *   0xffff_8002_0000_0000 .. 0xffff_8011_ffff_ffff  the vmap area (vmap.c): large allocations
 *                                                    from pages that need not be contiguous
 *   0xffff_ffff_8000_0000 .. _end                    the kernel image (KIMAGE_VADDR)
 *
 * The image may be loaded at any 2 MiB-aligned physical address, so image
 * addresses and linear addresses differ by kimage_voffset (see mmu.c).
 */
#pragma once

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define LINEAR_BASE 0xffff000000000000UL
#define LINEAR_END 0xffff800000000000UL
#define IOREMAP_BASE 0xffff800000000000UL
#define IOREMAP_SIZE 0x0000000100000000UL
#define KIMAGE_VADDR 0xffffffff80000000UL
#define USER_VA_END 0x0001000000000000UL /* first address above user space (48 bits) */

/* Kernel stacks: 8 KiB each, the lower half of a 16 KiB-aligned slot of the
 * stack area whose upper half is never mapped (kstack.c). Every stack an
 * exception can be taken on has that alignment, so entry.S finds an
 * overflow from bit KSTACK_SHIFT of the stack pointer: clear on every stack,
 * set just below one. The trap frame and the context switch use the top. */
#define KSTACK_SHIFT 13
#define KSTACK_SIZE (1 << KSTACK_SHIFT)
#define KSTACK_AREA_BASE 0xffff800100000000UL
#define KSTACK_AREA_SIZE 0x0000000040000000UL

/* The vmap area (vmap.c, Linux's vmalloc area): kvzalloc's allocations too
 * large for one block of the page allocator, in 2 MiB-aligned runs of pages. */
#define VMAP_AREA_BASE 0xffff800200000000UL
#define VMAP_AREA_SIZE 0x0000001000000000UL
