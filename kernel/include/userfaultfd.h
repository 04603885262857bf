/*
 * userfaultfd.h — the memory half of userfaultfd(2) (mm/userfaultfd.c): a
 * context that ranges of one address space are registered with, the faults
 * it holds until user space resolves them, and the ioctls that resolve them.
 * The file half (fs/userfaultfd.c) makes the descriptor, copies the ioctl
 * arguments and calls these; nothing here knows about files.
 *
 * Every function returns 0 or a negative Linux errno unless it says
 * otherwise. Ranges are checked by the caller (page aligned, inside user
 * space, not empty).
 */
#pragma once

#include <types.h>
#include <uaccess.h>
#include <uapi/userfaultfd.h>

struct mm;
struct uffd_ctx;
struct wait_queue;

/* The features this kernel really implements (UFFDIO_API's answer). */
#define UFFD_SUPPORTED_FEATURES \
	(UFFD_FEATURE_SIGBUS | UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_MINOR_SHMEM | UFFD_FEATURE_EXACT_ADDRESS)

/* A context on mm (which it holds, mm_get), flags UFFD_USER_MODE_ONLY or
 * 0; NULL when memory runs out. Holds one reference for the caller. */
struct uffd_ctx *uffd_ctx_create(struct mm *mm, unsigned flags);
/* The descriptor's last close (Linux userfaultfd_release): every range is
 * unregistered and every held fault let go, to be retried as an ordinary
 * fault; then the caller's reference is dropped. */
void uffd_ctx_release(struct uffd_ctx *ctx);
/* UFFDIO_API: features the caller asked for (EINVAL if unknown or asked
 * twice). Only one call succeeds. */
int __must_check uffd_api(struct uffd_ctx *ctx, u64 features);
bool uffd_api_done(struct uffd_ctx *ctx);
/* The queue read() and poll wait on: woken (POLLIN) when a fault arrives. */
struct wait_queue *uffd_read_queue(struct uffd_ctx *ctx);
/* Is a fault waiting to be read? */
bool uffd_has_pending(struct uffd_ctx *ctx);
/* Takes the oldest unread fault into *msg: 0, or -EAGAIN when none. */
int uffd_take_msg(struct uffd_ctx *ctx, struct uffd_msg *msg);
/* UFFDIO_REGISTER / UNREGISTER on [start, start + len); register gives the
 * ioctls the range allows (a bit per _UFFDIO_* number) in *ioctls. */
int __must_check uffd_register(struct uffd_ctx *ctx, u64 start, u64 len, u64 mode, u64 *ioctls);
int __must_check uffd_unregister(struct uffd_ctx *ctx, u64 start, u64 len);
/* Lets the faults held at addresses in [start, start + len) go (UFFDIO_WAKE,
 * and the fill ioctls unless DONTWAKE). */
void uffd_wake_range(struct uffd_ctx *ctx, u64 start, u64 len);
/* The fill ioctls (Linux mfill_atomic): map pages at [dst, dst + len) of a
 * range registered with ctx, stopping at the first failure. They return
 * the bytes mapped (> 0), or a negative errno when none was:
 *   copy: new private pages holding len bytes from the caller's src;
 *   zeropage: the shared zero page (copy-on-write);
 *   cont: the file's page already in its cache (MINOR mode). */
long uffd_copy(struct uffd_ctx *ctx, u64 dst, uaddr_t src, u64 len);
long uffd_zeropage(struct uffd_ctx *ctx, u64 dst, u64 len);
long uffd_continue(struct uffd_ctx *ctx, u64 dst, u64 len);
/* vm.unprivileged_userfaultfd (0 or 1; Linux's default 0): may a task
 * without CAP_SYS_PTRACE make a context that takes kernel-mode faults? */
int uffd_sysctl_get(void);
void uffd_sysctl_set(int value);
/* Drops a reference (the last frees the context and lets its mm go). */
void uffd_ctx_put(struct uffd_ctx *ctx);
