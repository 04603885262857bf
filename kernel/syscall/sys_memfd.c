/*
 * sys_memfd.c — memfd_create (mm/memfd.c): an anonymous tmpfs file, open
 * for reading and writing, named "memfd:NAME" in /proc/self/fd and maps.
 * With MFD_ALLOW_SEALING it accepts seals (fcntl F_ADD_SEALS, sys_io.c);
 * otherwise it is born sealed against them.
 */
#include <syscall.h>

#include <fs.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/memfd.h>

#define MFD_NAME_MAX_LEN (NAME_MAX - 6) /* strlen("memfd:") */

SYSCALL_DEFINE2(memfd_create, uaddr_t, uname, unsigned, flags)
{
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL; /* MFD_HUGETLB: no huge pages here */
	char *name = kmalloc(MFD_NAME_MAX_LEN + 1);
	if (!name)
		return -ENOMEM;
	long len = strncpy_from_user(name, uname, MFD_NAME_MAX_LEN + 1);
	long ret = len == -ENAMETOOLONG ? -EINVAL : len;
	if (ret >= 0) {
		struct file *f;
		ret = tmpfs_memfd(name, flags & MFD_ALLOW_SEALING, &f);
		if (!ret) {
			ret = fd_install_or_put(f, flags & MFD_CLOEXEC);
		}
	}
	kfree(name);
	return ret;
}
