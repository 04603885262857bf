/*
 * xattr.c — extended attributes (Linux 6.1 fs/xattr.c; tmpfs's are
 * mm/shmem.c's simple_xattr list): setxattr, getxattr, listxattr and
 * removexattr in their path, l (no final link followed) and f (descriptor)
 * forms.
 *
 * A tmpfs inode keeps its attributes in a list, newest first (simple_xattr_set
 * adds at the head; a replaced value keeps its place), which is the order
 * listxattr gives. tmpfs in Linux 6.1 has handlers for trusted.*,
 * security.* and the POSIX ACLs (system.posix_acl_access and _default,
 * posix_acl.c, listed first): user.* and every other name are EOPNOTSUPP, as is
 * every name on a file system without attributes (procfs, pipes, sockets).
 * Before the handler, the VFS checks (xattr_permission): trusted.* needs
 * CAP_SYS_ADMIN (EPERM to write, ENODATA to read), user.* exists only on
 * regular files and directories (EPERM / ENODATA otherwise) and in a sticky
 * directory only for its owner, and the others need the file's read or
 * write permission. security.* is left to the security modules: Debian's
 * 6.1 kernel, whose LSM stack supplies the inode_setxattr hook and so skips
 * commoncap's CAP_SYS_ADMIN check, lets anyone change it, and so do we. Names are 1..255 bytes (ERANGE), values at most
 * 64 KiB (E2BIG); a zero-length value is an empty attribute. A change
 * reports IN_ATTRIB (fsnotify_xattr).
 *
 * Locking: an inode's attribute list is protected by its mutex (inode->lock).
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>

#define XATTR_CREATE 0x1
#define XATTR_REPLACE 0x2
#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536

/* One attribute: its value, then its NUL-terminated name. */
struct xattr_entry {
	struct list_head node; /* in inode->xattrs, newest first [inode->lock] */
	size_t size;
	char *name;
	u8 value[];
};

static bool has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* xattr_permission */
static int xattr_permission(struct inode *inode, const char *name, int mask)
{
	bool write = mask & MAY_WRITE;
	if (has_prefix(name, "security.") || has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted."))
		return capable(CAP_SYS_ADMIN) ? 0 : write ? -EPERM : -ENODATA;
	if (has_prefix(name, "user.")) {
		u32 type = inode->mode & S_IFMT;
		if (type != S_IFREG && type != S_IFDIR)
			return write ? -EPERM : -ENODATA;
		if (type == S_IFDIR && (inode->mode & S_ISVTX) && write && !inode_owner_or_capable(inode))
			return -EPERM;
	}
	return inode_permission(inode, mask);
}

/* The POSIX ACL a name stands for (ACL_TYPE_*), or -1 (posix_acl_*_xattr_handler). */
static int acl_type_of(const char *name)
{
	if (strcmp(name, "system.posix_acl_access") == 0)
		return ACL_TYPE_ACCESS;
	return strcmp(name, "system.posix_acl_default") == 0 ? ACL_TYPE_DEFAULT : -1;
}

/* xattr_resolve_name for tmpfs's handlers (security., trusted. and the two
 * ACLs: posix_acl.c, not on symlinks): 0, or -EOPNOTSUPP without a handler,
 * -EINVAL for a bare prefix. */
static int xattr_resolve(struct inode *inode, const char *name)
{
	if (inode->sb->magic != TMPFS_MAGIC)
		return -EOPNOTSUPP; /* no IOP_XATTR */
	if (acl_type_of(name) >= 0)
		return acl_supported(inode) ? 0 : -EOPNOTSUPP;
	const char *prefixes[] = {"security.", "trusted."};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (has_prefix(name, prefixes[i]))
			return name[strlen(prefixes[i])] ? 0 : -EINVAL;
	}
	return -EOPNOTSUPP;
}

static struct xattr_entry *xattr_find(struct inode *inode, const char *name)
{
	struct xattr_entry *x;
	list_for_each_entry(x, &inode->xattrs, node) {
		if (strcmp(x->name, name) == 0)
			return x;
	}
	return NULL;
}

/* simple_xattr_set: value NULL removes (XATTR_REPLACE). inode->lock held. */
static int xattr_store(struct inode *inode, const char *name, const void *value, size_t size, int flags)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	struct xattr_entry *fresh = NULL;
	if (value) {
		size_t name_len = strlen(name);
		fresh = kmalloc(sizeof(*fresh) + size + name_len + 1);
		if (!fresh)
			return -ENOMEM;
		fresh->size = size;
		memcpy(fresh->value, value, size);
		fresh->name = (char *)fresh->value + size;
		memcpy(fresh->name, name, name_len + 1);
	}
	struct xattr_entry *old = xattr_find(inode, name);
	int err = 0;
	if (old && (flags & XATTR_CREATE)) {
		err = -EEXIST;
	} else if (!old && (flags & XATTR_REPLACE)) {
		err = -ENODATA;
	} else if (old && fresh) {
		list_insert_between(&fresh->node, old->node.prev, old->node.next); /* list_replace */
		kfree(old);
		fresh = NULL;
	} else if (old) {
		list_del(&old->node);
		kfree(old);
	} else if (fresh) {
		list_add(&fresh->node, &inode->xattrs);
		fresh = NULL;
	}
	kfree(fresh);
	return err;
}

void xattr_free_all(struct inode *inode)
{
	struct xattr_entry *x, *tmp;
	list_for_each_entry_safe(x, tmp, &inode->xattrs, node)
		kfree(x);
}

/* setxattr_copy / removexattr: the name, 1..255 bytes (ERANGE). */
static long xattr_name_get(uaddr_t uname, char name[XATTR_NAME_MAX + 1])
{
	long n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);
	if (n == 0 || n == -ENAMETOOLONG)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/* vfs_setxattr / vfs_removexattr (value NULL): permission, the LSM's say, the handler. */
static long xattr_change(struct path *p, const char *name, const void *value, size_t size, int flags)
{
	struct inode *inode = p->dentry->inode;
	long err = xattr_permission(inode, name, MAY_WRITE);
	if (!err)
		err = xattr_resolve(inode, name);
	if (err)
		return err;
	int acl = acl_type_of(name);
	mutex_lock(&inode->lock);
	if (acl >= 0) /* posix_acl_xattr_set: XATTR_CREATE and XATTR_REPLACE do not apply */
		err = acl_xattr_set(inode, acl, value, size);
	else
		err = xattr_store(inode, name, value, size, value ? flags : XATTR_REPLACE);
	mutex_unlock(&inode->lock);
	if (!err)
		fsnotify_change(p->dentry, IN_ATTRIB); /* fsnotify_xattr */
	return err;
}

static long do_setxattr(struct path *p, uaddr_t uname, uaddr_t uvalue, size_t size, int flags)
{
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	char name[XATTR_NAME_MAX + 1];
	long err = xattr_name_get(uname, name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	u8 *value = kmalloc(size ? size : 1);
	if (!value)
		return -ENOMEM;
	err = copy_from_user(value, uvalue, size) ? -EFAULT : xattr_change(p, name, value, size, flags);
	kfree(value);
	return err;
}

static long do_getxattr(struct path *p, uaddr_t uname, uaddr_t uvalue, size_t size)
{
	char name[XATTR_NAME_MAX + 1];
	long err = xattr_name_get(uname, name);
	if (err)
		return err;
	size = MIN(size, (size_t)XATTR_SIZE_MAX);
	struct inode *inode = p->dentry->inode;
	err = xattr_permission(inode, name, MAY_READ);
	if (!err)
		err = xattr_resolve(inode, name);
	if (err)
		return err;
	u8 *buf = size ? kmalloc(size) : NULL;
	if (size && !buf)
		return -ENOMEM;
	if (acl_type_of(name) >= 0) {
		err = acl_xattr_get(inode, acl_type_of(name), buf, size);
		goto out_copy;
	}
	mutex_lock(&inode->lock);
	struct xattr_entry *x = xattr_find(inode, name);
	if (!x)
		err = -ENODATA;
	else if (size && size < x->size)
		err = -ERANGE; /* simple_xattr_get */
	else
		err = (long)x->size;
	if (x && err > 0 && size)
		memcpy(buf, x->value, x->size);
	mutex_unlock(&inode->lock);
out_copy:
	if (err > 0 && size && copy_to_user(uvalue, buf, (size_t)err))
		err = -EFAULT;
	kfree(buf);
	return err;
}

/* xattr_list_one: name and its NUL at buf[*total] (size 0: only counted); ERANGE past size. */
static long list_one(char *buf, size_t size, size_t *total, const char *name)
{
	size_t len = strlen(name) + 1;
	if (size && *total + len > size)
		return -ERANGE;
	if (size)
		memcpy(buf + *total, name, len);
	*total += len;
	return 0;
}

/* simple_xattr_list: every name (trusted.* only for CAP_SYS_ADMIN), NUL
 * after each; size 0 asks for the length; ERANGE if they do not fit. */
static long do_listxattr(struct path *p, uaddr_t ulist, size_t size)
{
	struct inode *inode = p->dentry->inode;
	if (inode->sb->magic != TMPFS_MAGIC)
		return 0; /* no listxattr: security_inode_listsecurity, nothing without an LSM label */
	size = MIN(size, (size_t)XATTR_LIST_MAX);
	char *buf = size ? kmalloc(size) : NULL;
	if (size && !buf)
		return -ENOMEM;
	bool trusted = capable(CAP_SYS_ADMIN);
	size_t total = 0;
	long err = 0;
	mutex_lock(&inode->lock);
	static const char *const acls[] = {"system.posix_acl_access", "system.posix_acl_default"};
	for (int type = ACL_TYPE_ACCESS; type <= ACL_TYPE_DEFAULT; type++) /* the ACLs first */
		if (!err && acl_present(inode, type))
			err = list_one(buf, size, &total, acls[type]);
	struct xattr_entry *x;
	list_for_each_entry(x, &inode->xattrs, node) {
		if (!err && (trusted || !has_prefix(x->name, "trusted.")))
			err = list_one(buf, size, &total, x->name);
	}
	mutex_unlock(&inode->lock);
	if (!err)
		err = (size && copy_to_user(ulist, buf, total)) ? -EFAULT : (long)total;
	kfree(buf);
	return err;
}

static long do_removexattr(struct path *p, uaddr_t uname)
{
	char name[XATTR_NAME_MAX + 1];
	long err = xattr_name_get(uname, name);
	return err ? err : xattr_change(p, name, NULL, 0, 0);
}

/* The place a path form names (follow: not the l form). */
static long xattr_walk(uaddr_t upath, bool follow, struct path *p)
{
	return vfs_user_walk(AT_FDCWD, upath, follow ? 0 : AT_SYMLINK_NOFOLLOW, 0, p);
}

/* The place an fd form names: fdget leaves O_PATH files out (EBADF). */
static long xattr_fd(int fd, struct path *p, struct file **f)
{
	*f = fd_get_file(fd);
	if (!*f)
		return -EBADF;
	if (!(*f)->path.dentry) {
		file_put(*f);
		return (*f = NULL, -EBADF);
	}
	*p = (*f)->path;
	return 0;
}

enum xattr_op { XA_SET, XA_GET, XA_LIST, XA_REMOVE };

struct xattr_args {
	enum xattr_op op;
	uaddr_t name, value;
	size_t size;
	int flags;
};

static long xattr_do(struct path *p, const struct xattr_args *a)
{
	if ((a->op == XA_SET || a->op == XA_REMOVE) && mnt_is_readonly(p->mnt))
		return -EROFS; /* mnt_want_write, before the arguments are looked at */
	switch (a->op) {
	case XA_SET: return do_setxattr(p, a->name, a->value, a->size, a->flags);
	case XA_GET: return do_getxattr(p, a->name, a->value, a->size);
	case XA_LIST: return do_listxattr(p, a->value, a->size);
	default: return do_removexattr(p, a->name);
	}
}

static long xattr_path(uaddr_t upath, bool follow, const struct xattr_args *a)
{
	struct path p;
	long err = xattr_walk(upath, follow, &p);
	if (err)
		return err;
	err = xattr_do(&p, a);
	path_put(&p);
	return err;
}

static long xattr_file(int fd, const struct xattr_args *a)
{
	struct path p;
	struct file *f;
	long err = xattr_fd(fd, &p, &f);
	if (err)
		return err;
	err = xattr_do(&p, a);
	file_put(f);
	return err;
}

SYSCALL_DEFINE5(setxattr, uaddr_t, path, uaddr_t, name, uaddr_t, value, size_t, size, int, flags)
{
	return xattr_path(path, true, &(struct xattr_args){XA_SET, name, value, size, flags});
}

SYSCALL_DEFINE5(lsetxattr, uaddr_t, path, uaddr_t, name, uaddr_t, value, size_t, size, int, flags)
{
	return xattr_path(path, false, &(struct xattr_args){XA_SET, name, value, size, flags});
}

SYSCALL_DEFINE5(fsetxattr, int, fd, uaddr_t, name, uaddr_t, value, size_t, size, int, flags)
{
	return xattr_file(fd, &(struct xattr_args){XA_SET, name, value, size, flags});
}

SYSCALL_DEFINE4(getxattr, uaddr_t, path, uaddr_t, name, uaddr_t, value, size_t, size)
{
	return xattr_path(path, true, &(struct xattr_args){XA_GET, name, value, size, 0});
}

SYSCALL_DEFINE4(lgetxattr, uaddr_t, path, uaddr_t, name, uaddr_t, value, size_t, size)
{
	return xattr_path(path, false, &(struct xattr_args){XA_GET, name, value, size, 0});
}

SYSCALL_DEFINE4(fgetxattr, int, fd, uaddr_t, name, uaddr_t, value, size_t, size)
{
	return xattr_file(fd, &(struct xattr_args){XA_GET, name, value, size, 0});
}

SYSCALL_DEFINE3(listxattr, uaddr_t, path, uaddr_t, list, size_t, size)
{
	return xattr_path(path, true, &(struct xattr_args){XA_LIST, UADDR_NULL, list, size, 0});
}

SYSCALL_DEFINE3(llistxattr, uaddr_t, path, uaddr_t, list, size_t, size)
{
	return xattr_path(path, false, &(struct xattr_args){XA_LIST, UADDR_NULL, list, size, 0});
}

SYSCALL_DEFINE3(flistxattr, int, fd, uaddr_t, list, size_t, size)
{
	return xattr_file(fd, &(struct xattr_args){XA_LIST, UADDR_NULL, list, size, 0});
}

SYSCALL_DEFINE2(removexattr, uaddr_t, path, uaddr_t, name)
{
	return xattr_path(path, true, &(struct xattr_args){XA_REMOVE, name, UADDR_NULL, 0, 0});
}

SYSCALL_DEFINE2(lremovexattr, uaddr_t, path, uaddr_t, name)
{
	return xattr_path(path, false, &(struct xattr_args){XA_REMOVE, name, UADDR_NULL, 0, 0});
}

SYSCALL_DEFINE2(fremovexattr, int, fd, uaddr_t, name)
{
	return xattr_file(fd, &(struct xattr_args){XA_REMOVE, name, UADDR_NULL, 0, 0});
}
