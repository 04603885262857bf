/*
 * types.h — the kernel's basic scalar types.
 *
 * The kernel is freestanding: it includes only compiler-provided headers
 * (stdint, stddef, stdbool, stdarg). Physical and virtual addresses get their
 * own names so a reader sees which space a value lives in. A user address is
 * a uaddr_t (uaccess.h), a one-member struct: it cannot be dereferenced or
 * mixed with an integer, and only the uaccess helpers turn it into an access.
 *
 * A physical address is a paddr_t, a one-member struct too (Hafnium's
 * paddr_t): it mixes with no integer, vaddr_t or pointer. pa_init and
 * pa_addr are the crossings to and from a number (a device tree's reg, a
 * page-table entry's frame bits, a device's DMA address), pa_add the
 * arithmetic, pa_eq and pa_is_none the tests, and phys_to_virt/virt_to_phys
 * (arch.h) the only way between it and memory. Both structs cost nothing at
 * run time: AAPCS64 passes them in one register (docs/architecture.md,
 * "Address types").
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* A physical address (see above). */
typedef struct {
	u64 pa;
} paddr_t;
typedef u64 vaddr_t; /* a virtual address (kernel or user) */
typedef long ssize_t;

#define __must_check __attribute__((warn_unused_result))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
#define __unused __attribute__((unused))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

static inline paddr_t pa_init(u64 raw)
{
	return (paddr_t){raw};
}

static inline u64 pa_addr(paddr_t pa)
{
	return pa.pa;
}

static inline paddr_t pa_add(paddr_t pa, u64 off)
{
	return (paddr_t){pa.pa + off};
}

static inline bool pa_eq(paddr_t a, paddr_t b)
{
	return a.pa == b.pa;
}

/* No page: 0 is never RAM here (QEMU virt's RAM starts at 1 GiB), so the
 * paths that may find none (a fault op, the zero page not yet made) say 0. */
#define PA_NONE ((paddr_t){0})

static inline bool pa_is_none(paddr_t pa)
{
	return pa.pa == 0;
}
