/*
 * uaccess.h — the only way the kernel reads or writes user memory.
 *
 * A user address is a uaddr_t: an integer for now, so it cannot be
 * dereferenced by accident; it is about to become a struct of one u64 that
 * the compiler keeps apart from integers, so the crossings are named:
 *   uaddr_from(raw)     a number the ABI hands over as a user pointer (a
 *                       pointer field of a struct read from user memory, a
 *                       register; SYSCALL_DEFINE builds the arguments)
 *   uaddr_raw(u)        the number back, for the ABI: a field written to
 *                       user memory, a register, a trace line
 *   uaddr_to_vaddr(u)   the address as the mm sees it (vaddr_t): where a
 *                       user address becomes an mm range (mmap, munmap,
 *                       mprotect, madvise, mlock, futex keys, shm attach)
 *   uaddr_add(u, off)   the only arithmetic (uaddr_is_null, uaddr_eq and
 *                       uaddr_is_aligned are the tests)
 *
 * Every helper checks the range against the user half with overflow-safe
 * arithmetic, then copies with the fault-fixup routines of
 * arch/arm64/uaccess.S: a bad pointer gives -EFAULT, never a panic.
 * Never hold a spinlock across these calls: a fault may need mm->lock.
 */
#pragma once

#include <types.h>

/* An address in the current process's user space (docs/architecture.md,
 * "Address types"). */
typedef u64 uaddr_t;

#define UADDR_NULL ((uaddr_t)0)

static inline uaddr_t uaddr_from(u64 raw)
{
	return raw;
}

static inline u64 uaddr_raw(uaddr_t u)
{
	return u;
}

static inline bool uaddr_is_null(uaddr_t u)
{
	return u == 0;
}

/* u + off bytes; wraps like the integer (access_ok catches a range that
 * wraps). */
static inline uaddr_t uaddr_add(uaddr_t u, u64 off)
{
	return u + off;
}

static inline bool uaddr_eq(uaddr_t a, uaddr_t b)
{
	return a == b;
}

/* Whether u is a multiple of align (a power of two). */
static inline bool uaddr_is_aligned(uaddr_t u, u64 align)
{
	return (u & (align - 1)) == 0;
}

static inline vaddr_t uaddr_to_vaddr(uaddr_t u)
{
	return u;
}

bool access_ok(uaddr_t addr, size_t len);
int __must_check copy_from_user(void *dst, uaddr_t src, size_t len);
int __must_check copy_to_user(uaddr_t dst, const void *src, size_t len);
int __must_check clear_user(uaddr_t dst, size_t len);
/* Copies a NUL-terminated string of at most max-1 chars; returns its length,
 * -ENAMETOOLONG if no NUL within max bytes, or -EFAULT. */
long __must_check strncpy_from_user(char *dst, uaddr_t src, size_t max);
int __must_check get_user_u32(u32 *out, uaddr_t src);
int __must_check get_user_u64(u64 *out, uaddr_t src);
int __must_check put_user_u32(uaddr_t dst, u32 v);
int __must_check put_user_u64(uaddr_t dst, u64 v);
/* FUTEX_WAKE_OP: the aligned user word becomes op(word, oparg) in one step
 * that is atomic against every CPU (op: 0 SET, 1 ADD, 2 OR, 3 ANDN, 4 XOR);
 * *old gets the word before. 0 or -EFAULT. May be called under a futex
 * bucket lock (a fault takes mm->lock, which comes after it). */
int __must_check futex_atomic_op_user(uaddr_t uaddr, unsigned op, u32 oparg, u32 *old);

/* A physical address is no user address: compile-time checks (types.h).
 * arch's uaccess.c defines the functions with their names in parentheses. */
#define access_ok(addr, len) (access_ok)(NOT_PADDR(addr), (len))
#define copy_from_user(dst, src, len) (copy_from_user)((dst), NOT_PADDR(src), (len))
#define copy_to_user(dst, src, len) (copy_to_user)(NOT_PADDR(dst), (src), (len))
#define clear_user(dst, len) (clear_user)(NOT_PADDR(dst), (len))
#define strncpy_from_user(dst, src, max) (strncpy_from_user)((dst), NOT_PADDR(src), (max))
#define get_user_u32(out, src) (get_user_u32)((out), NOT_PADDR(src))
#define get_user_u64(out, src) (get_user_u64)((out), NOT_PADDR(src))
#define put_user_u32(dst, v) (put_user_u32)(NOT_PADDR(dst), (v))
#define put_user_u64(dst, v) (put_user_u64)(NOT_PADDR(dst), (v))
