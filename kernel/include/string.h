/*
 * string.h — the kernel's memory and string primitives.
 *
 * Standard C names and semantics, because the compiler emits calls to memcpy,
 * memmove, memset and memcmp on its own (struct copies, zeroing) and the
 * kernel must supply them. strscpy follows Linux: it always NUL-terminates and
 * reports truncation as -E2BIG instead of silently cutting the string.
 *
 * Host unit tests rename these symbols (tests/unit/host_rename.h) so they do
 * not clash with the host C library.
 */
#pragma once

#include "types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

/*
 * memcpy for Normal memory only (the linear map and the kernel image, never
 * an ioremap()ed device): 16-byte loads at any alignment of src, which
 * SCTLR_EL1.A = 0 allows on Normal memory and Device memory would fault on
 * (Arm ARM B2.5.2). For bulk copies whose pointers are not aligned alike,
 * where memcpy falls back to 4-byte or byte loops: a cpio archive's file data
 * into tmpfs pages at boot (iobuf_copy_in), 5 times fewer instructions.
 */
void *memcpy_normal(void *dst, const void *src, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copy the C string src into dst (a buffer of size bytes). Returns the length
 * copied (excluding the NUL), or -E2BIG if src did not fit (dst then holds the
 * truncated, NUL-terminated prefix) or size is 0 (dst untouched).
 * Not __must_check, as in Linux: copying a constant into a buffer known to
 * be large enough may ignore the result.
 */
ssize_t strscpy(char *dst, const char *src, size_t size);

/* Is the C string name exactly the len bytes at s (a word cut out of a
 * longer text: no NUL after it)? For looking a word up in a table of names. */
bool str_equals_bytes(const char *name, const char *s, size_t len);
