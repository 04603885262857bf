/*
 * uaccess.h — the only way the kernel reads or writes user memory.
 *
 * A user address is a uaddr_t: an integer, so it cannot be dereferenced by
 * accident. Every helper checks the range against the user half with
 * overflow-safe arithmetic, then copies with the fault-fixup routines of
 * arch/arm64/uaccess.S: a bad pointer gives -EFAULT, never a panic.
 * Never hold a spinlock across these calls: a fault may need mm->lock.
 */
#pragma once

#include <types.h>

typedef u64 uaddr_t; /* an address in the current process's user space */

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
