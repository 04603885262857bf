/*
 * string.c — memory and string primitives (see string.h).
 *
 * memcpy, memmove and memset run an 8-byte word loop once both pointers
 * share the same alignment modulo 8; memcpy runs a 4-byte loop when they
 * share it modulo 4 only (a cpio archive's file data, 4-aligned, copied into
 * pages: a byte loop there was 100 times slower under QEMU, measured at
 * boot); otherwise they fall back to bytes. Only
 * aligned words are ever accessed, so these are safe before the MMU is on
 * (Device memory faults on unaligned access) and never touch a byte outside
 * [p, p + n); memcpy_normal, for Normal memory only, loads unaligned words. The string functions work byte by byte for the same reason.
 *
 * Hazard: GCC recognises copy and fill loops and replaces them with calls to
 * memcpy/memset, which inside memcpy is infinite recursion. Every function
 * here carries NO_LIBCALL to switch that transformation off; the Makefile
 * should also build this file with -fno-builtin.
 */
#include "string.h"

#include "uapi/errno.h"

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* A word type that may alias any object, so word loops are not UB. */
typedef u64 __attribute__((may_alias)) word_alias_t;

#define WORD_SIZE sizeof(u64)

/* Half a word, for pointers 4-aligned to each other but not 8. */
typedef u32 __attribute__((may_alias)) half_alias_t;

#define HALF_SIZE sizeof(u32)

static inline bool same_word_alignment(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & (WORD_SIZE - 1)) == 0;
}

/*
 * Forward copy in units of T (8 or 4 bytes) for d and s aligned alike modulo
 * sizeof(T): bytes up to d's alignment, four units a step, then single
 * units; the tail of fewer than sizeof(T) bytes is left to the caller.
 */
#define COPY_UNITS(T, d, s, n)                                                                                   \
	do {                                                                                                     \
		while ((n) && ((uintptr_t)(d) & (sizeof(T) - 1))) {                                              \
			*(d)++ = *(s)++;                                                                         \
			(n)--;                                                                                   \
		}                                                                                                \
		for (; (n) >= 4 * sizeof(T); (n) -= 4 * sizeof(T), (d) += 4 * sizeof(T), (s) += 4 * sizeof(T)) { \
			T *dw_ = (T *)(d);                                                                       \
			const T *sw_ = (const T *)(s);                                                           \
			dw_[0] = sw_[0];                                                                         \
			dw_[1] = sw_[1];                                                                         \
			dw_[2] = sw_[2];                                                                         \
			dw_[3] = sw_[3];                                                                         \
		}                                                                                                \
		for (; (n) >= sizeof(T); (n) -= sizeof(T), (d) += sizeof(T), (s) += sizeof(T))                   \
			*(T *)(d) = *(const T *)(s);                                                             \
	} while (0)

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (same_word_alignment(d, s))
		COPY_UNITS(word_alias_t, d, s, n);
	else if ((((uintptr_t)d ^ (uintptr_t)s) & (HALF_SIZE - 1)) == 0)
		COPY_UNITS(half_alias_t, d, s, n); /* e.g. a cpio archive's 4-aligned file data into a page */
	while (n--)
		*d++ = *s++;
	return dst;
}

/* 16 and 8 bytes at any alignment (memcpy_normal: Normal memory only); the
 * 16-byte type is one ldp/stp pair of general registers on arm64. */
typedef unsigned __int128 __attribute__((may_alias, aligned(1))) unaligned_quad_t;
typedef unsigned __int128 __attribute__((may_alias)) quad_alias_t;
typedef u64 __attribute__((may_alias, aligned(1))) unaligned_word_t;

#define QUAD_SIZE sizeof(quad_alias_t)

NO_LIBCALL void *memcpy_normal(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (n < 4 * QUAD_SIZE || same_word_alignment(d, s))
		return memcpy(dst, src, n);
	while ((uintptr_t)d & (QUAD_SIZE - 1)) { /* n >= 64: stays positive */
		*d++ = *s++;
		n--;
	}
	for (; n >= 4 * QUAD_SIZE; n -= 4 * QUAD_SIZE, d += 4 * QUAD_SIZE, s += 4 * QUAD_SIZE) {
		quad_alias_t *dq = (quad_alias_t *)d;
		const unaligned_quad_t *sq = (const unaligned_quad_t *)s;
		dq[0] = sq[0];
		dq[1] = sq[1];
		dq[2] = sq[2];
		dq[3] = sq[3];
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
		*(word_alias_t *)d = *(const unaligned_word_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copy downwards, for an overlapping move with dst above src. */
NO_LIBCALL static void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if (same_word_alignment(d, s)) {
		while (n && ((uintptr_t)d & (WORD_SIZE - 1))) {
			*--d = *--s;
			n--;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			d -= WORD_SIZE;
			s -= WORD_SIZE;
			*(word_alias_t *)d = *(const word_alias_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	/* A forward word copy is safe whenever dst is below src. */
	if (d <= s || d - s >= n)
		return memcpy(dst, src, n);
	copy_backward(dst, src, n);
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	u64 pattern = (u8)c * 0x0101010101010101ull;

	while (n && ((uintptr_t)d & (WORD_SIZE - 1))) {
		*d++ = (u8)c;
		n--;
	}
	for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE) {
		word_alias_t *dw = (word_alias_t *)d;
		dw[0] = pattern;
		dw[1] = pattern;
		dw[2] = pattern;
		dw[3] = pattern;
		d += 4 * WORD_SIZE;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE) {
		*(word_alias_t *)d = pattern;
		d += WORD_SIZE;
	}
	while (n--)
		*d++ = (u8)c;
	return dst;
}

NO_LIBCALL int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *pa = a, *pb = b;

	for (; n; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
	}
	return 0;
}

NO_LIBCALL void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++) {
		if (*p == (u8)c)
			return (void *)p;
	}
	return NULL;
}

NO_LIBCALL size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

NO_LIBCALL size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

NO_LIBCALL int strcmp(const char *a, const char *b)
{
	const u8 *pa = (const u8 *)a, *pb = (const u8 *)b;

	while (*pa && *pa == *pb) {
		pa++;
		pb++;
	}
	return *pa == *pb ? 0 : (*pa < *pb ? -1 : 1);
}

NO_LIBCALL int strncmp(const char *a, const char *b, size_t n)
{
	const u8 *pa = (const u8 *)a, *pb = (const u8 *)b;

	for (; n; n--, pa++, pb++) {
		if (*pa != *pb)
			return *pa < *pb ? -1 : 1;
		if (!*pa)
			break;
	}
	return 0;
}

NO_LIBCALL char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

NO_LIBCALL char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

NO_LIBCALL ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0 || size > (size_t)INT32_MAX)
		return -E2BIG;
	for (i = 0; i < size; i++) {
		dst[i] = src[i];
		if (!src[i])
			return (ssize_t)i;
	}
	dst[size - 1] = '\0';
	return -E2BIG;
}

bool str_equals_bytes(const char *name, const char *s, size_t len)
{
	return strnlen(name, len + 1) == len && memcmp(name, s, len) == 0;
}
