/*
 * uaccess.c — range checks and PAN handling around the arm64 copy routines
 * (uaccess.S); the portable interface is include/uaccess.h.
 *
 * When the CPU has PAN (FEAT_PAN), the kernel runs with PSTATE.PAN set and
 * lifts it only inside these helpers (Linux's uaccess_enable/disable).
 */
#include <uaccess.h>

#include <arch.h>
#include <uapi/errno.h>

size_t arm64_copy_user(void *dst, const void *src, size_t n);
size_t arm64_clear_user(void *dst, size_t n);
long arm64_strncpy_user(char *dst, const char *src, size_t n);
int arm64_get_user_u64(u64 *out, const u64 *uaddr);
int arm64_put_user_u64(u64 *uaddr, u64 v);
int arm64_get_user_u32(u32 *out, const u32 *uaddr);
int arm64_put_user_u32(u32 *uaddr, u32 v);
int arm64_futex_atomic_op(u32 *uaddr, unsigned op, u32 oparg, u32 *oldp);

bool cpu_has_pan;

static inline void uaccess_begin(void)
{
	if (cpu_has_pan)
		asm volatile(".arch_extension pan\n\tmsr pan, #0" ::: "memory");
}

static inline void uaccess_end(void)
{
	if (cpu_has_pan)
		asm volatile(".arch_extension pan\n\tmsr pan, #1" ::: "memory");
}

/* The one place a user address becomes a pointer: only the fixup routines
 * of uaccess.S dereference it. */
static inline void *uptr(uaddr_t u)
{
	return (void *)uaddr_raw(u);
}

bool access_ok(uaddr_t u, size_t len)
{
	u64 addr = uaddr_raw(u);
	return addr <= USER_VA_END && len <= USER_VA_END - addr;
}

int copy_from_user(void *dst, uaddr_t src, size_t len)
{
	if (!access_ok(src, len))
		return -EFAULT;
	uaccess_begin();
	size_t left = arm64_copy_user(dst, uptr(src), len);
	uaccess_end();
	return left ? -EFAULT : 0;
}

int copy_to_user(uaddr_t dst, const void *src, size_t len)
{
	if (!access_ok(dst, len))
		return -EFAULT;
	uaccess_begin();
	size_t left = arm64_copy_user(uptr(dst), src, len);
	uaccess_end();
	return left ? -EFAULT : 0;
}

int clear_user(uaddr_t dst, size_t len)
{
	if (!access_ok(dst, len))
		return -EFAULT;
	uaccess_begin();
	size_t left = arm64_clear_user(uptr(dst), len);
	uaccess_end();
	return left ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uaddr_t src, size_t max)
{
	if (uaddr_raw(src) >= USER_VA_END)
		return -EFAULT;
	size_t n = MIN(max, USER_VA_END - uaddr_raw(src));
	uaccess_begin();
	long len = arm64_strncpy_user(dst, uptr(src), n);
	uaccess_end();
	if (len < 0)
		return -EFAULT;
	if ((size_t)len >= max)
		return -ENAMETOOLONG;
	if ((size_t)len == n) /* ran into the end of user space */
		return -EFAULT;
	return len;
}

int get_user_u64(u64 *out, uaddr_t src)
{
	if (!access_ok(src, 8))
		return -EFAULT;
	uaccess_begin();
	int err = arm64_get_user_u64(out, uptr(src));
	uaccess_end();
	return err;
}

int put_user_u64(uaddr_t dst, u64 v)
{
	if (!access_ok(dst, 8))
		return -EFAULT;
	uaccess_begin();
	int err = arm64_put_user_u64(uptr(dst), v);
	uaccess_end();
	return err;
}

int get_user_u32(u32 *out, uaddr_t src)
{
	if (!access_ok(src, 4))
		return -EFAULT;
	uaccess_begin();
	int err = arm64_get_user_u32(out, uptr(src));
	uaccess_end();
	return err;
}

int put_user_u32(uaddr_t dst, u32 v)
{
	if (!access_ok(dst, 4))
		return -EFAULT;
	uaccess_begin();
	int err = arm64_put_user_u32(uptr(dst), v);
	uaccess_end();
	return err;
}

int futex_atomic_op_user(uaddr_t uaddr, unsigned op, u32 oparg, u32 *old)
{
	if (!access_ok(uaddr, 4) || (uaddr_raw(uaddr) & 3))
		return -EFAULT;
	uaccess_begin();
	int err = arm64_futex_atomic_op(uptr(uaddr), op, oparg, old);
	uaccess_end();
	return err;
}
