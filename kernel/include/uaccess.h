/*
 * uaccess.h — the only way the kernel reads or writes user memory.
 *
 * A user address is a uaddr_t: a struct of one u64, so it cannot be
 * dereferenced, and the compiler rejects a kernel pointer, a paddr_t, a
 * vaddr_t or a plain integer where a user address is expected (and the other
 * way round). It costs nothing: AAPCS64 passes and returns a composite of
 * 8 bytes in one register, like the integer. The crossings are named:
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
typedef struct {
	u64 addr;
} uaddr_t;

#define UADDR_NULL ((uaddr_t){0})

static inline uaddr_t uaddr_from(u64 raw)
{
	return (uaddr_t){raw};
}

static inline u64 uaddr_raw(uaddr_t u)
{
	return u.addr;
}

static inline bool uaddr_is_null(uaddr_t u)
{
	return u.addr == 0;
}

/* u + off bytes; wraps like the integer (access_ok catches a range that
 * wraps). */
static inline uaddr_t uaddr_add(uaddr_t u, u64 off)
{
	return (uaddr_t){u.addr + off};
}

static inline bool uaddr_eq(uaddr_t a, uaddr_t b)
{
	return a.addr == b.addr;
}

/* Whether u is a multiple of align (a power of two). */
static inline bool uaddr_is_aligned(uaddr_t u, u64 align)
{
	return (u.addr & (align - 1)) == 0;
}

static inline vaddr_t uaddr_to_vaddr(uaddr_t u)
{
	return u.addr;
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
