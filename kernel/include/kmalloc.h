/*
 * kmalloc.h — the kernel heap: power-of-two size classes from 16 bytes to
 * 2 KiB carved from whole pages, two classes between half a page and a page
 * carved from page blocks (kmalloc.c), larger requests as page blocks.
 */
#pragma once

#include <types.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
/* A kmalloc'd copy of the string s, or NULL. */
char *kstrdup(const char *s);
/* Zeroed memory of any size (Linux kvzalloc): kzalloc's, or when that
 * fails (more than the page allocator's largest block, or no block that
 * big free), pages that need not be contiguous, mapped side by side in the
 * vmap area (arch_vmap_zalloc). Freed with kvfree. */
void *kvzalloc(size_t size);
void kvfree(void *p);
/* Pages the small-object caches hold (they are kept for reuse, not leaked). */
u64 kmalloc_cached_pages(void);
