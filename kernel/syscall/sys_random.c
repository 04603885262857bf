/*
 * sys_random.c — getrandom(2). The CSPRNG is seeded during boot, so no
 * flag ever blocks; GRND_RANDOM and GRND_INSECURE draw from the same pool,
 * as on Linux 5.6 and later.
 */
#include <syscall.h>

#include <random.h>
#include <uapi/errno.h>
#include <uapi/random.h>

SYSCALL_DEFINE3(getrandom, uaddr_t, ubuf, size_t, len, unsigned, flags)
{
	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > 0x7fffffff)
		len = 0x7fffffff; /* Linux caps one call at INT_MAX */
	if (!access_ok(ubuf, len))
		return -EFAULT; /* even for len 0 (import_single_range) */
	u8 chunk[256];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));
		random_get_bytes(chunk, n);
		if (copy_to_user(uaddr_add(ubuf, done), chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
