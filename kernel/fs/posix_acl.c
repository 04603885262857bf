/*
 * posix_acl.c — POSIX access control lists on tmpfs (Linux 6.1
 * fs/posix_acl.c with shmem's simple_set_acl and simple_acl_create; acl(5)).
 *
 * A tmpfs inode may carry an access ACL, checked by inode_permission, and a
 * directory a default ACL, which what is made in it inherits. They are set,
 * read and removed as the extended attributes system.posix_acl_access and
 * system.posix_acl_default in Linux's binary form (a version-2 header, then
 * {tag, perm, id} entries, include/uapi/linux/posix_acl_xattr.h).
 *
 *  - An ACL is valid when its entries come in Linux's order: USER_OBJ,
 *    USER..., GROUP_OBJ, GROUP..., MASK (required with named entries),
 *    OTHER (posix_acl_valid). Setting one needs ownership or CAP_FOWNER.
 *  - An access ACL and the mode bits stay in step: setting one sets the
 *    owner, group-class (the mask when there is one) and other bits; one
 *    that says no more than the bits is not kept (posix_acl_update_mode);
 *    chmod rewrites USER_OBJ, the mask (or GROUP_OBJ) and OTHER
 *    (posix_acl_chmod).
 *  - A new file or directory in a directory with a default ACL gets it as
 *    its access ACL, cut down by the mode asked for, instead of the umask
 *    (posix_acl_create); a new directory keeps it as its default ACL too.
 *
 * An ACL is never changed once made: a change makes a new one. Locking: the
 * pointers in the inode are changed under both the inode's mutex and
 * acl_lock, and read under either (inode_permission takes acl_lock, which is
 * taken with nothing inside it).
 */
#include <fs.h>

#include <cred.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/magic.h>
#include <uapi/stat.h>

#define ACL_XATTR_VERSION 2
#define ACL_USER_OBJ 0x01
#define ACL_USER 0x02
#define ACL_GROUP_OBJ 0x04
#define ACL_GROUP 0x08
#define ACL_MASK 0x10
#define ACL_OTHER 0x20
#define ACL_UNDEFINED_ID 0xffffffffu
#define ACL_MAX_ENTRIES 8190 /* what fits in a 64 KiB attribute */

struct acl_entry {
	u16 tag, perm;
	u32 id;
};

struct posix_acl {
	int refcount; /* atomic */
	u32 count;
	struct acl_entry e[];
};

static struct spinlock acl_lock = SPINLOCK_INIT("posix_acl");

static struct posix_acl *acl_alloc(u32 count)
{
	struct posix_acl *acl = kmalloc(sizeof(*acl) + count * sizeof(struct acl_entry));
	if (acl) {
		acl->refcount = 1;
		acl->count = count;
	}
	return acl;
}

static void acl_put(struct posix_acl *acl)
{
	if (acl && __atomic_sub_fetch(&acl->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(acl);
}

static struct posix_acl *acl_clone(const struct posix_acl *acl)
{
	struct posix_acl *copy = acl_alloc(acl->count);
	if (copy)
		memcpy(copy->e, acl->e, acl->count * sizeof(struct acl_entry));
	return copy;
}

static struct posix_acl **acl_slot(struct inode *inode, int type)
{
	return type == ACL_TYPE_DEFAULT ? &inode->acl_default : &inode->acl_access;
}

/* get_acl: the inode's ACL of that type with a reference, or NULL. */
static struct posix_acl *acl_get(struct inode *inode, int type)
{
	unsigned long irq = spin_lock_irqsave(&acl_lock);
	struct posix_acl *acl = *acl_slot(inode, type);
	if (acl)
		__atomic_fetch_add(&acl->refcount, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&acl_lock, irq);
	return acl;
}

/* set_cached_acl: acl (its reference given, NULL: none) replaces the old. inode->lock held. */
static void acl_install(struct inode *inode, int type, struct posix_acl *acl)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	unsigned long irq = spin_lock_irqsave(&acl_lock);
	struct posix_acl *old = *acl_slot(inode, type);
	*acl_slot(inode, type) = acl;
	spin_unlock_irqrestore(&acl_lock, irq);
	acl_put(old);
}

void acl_free_all(struct inode *inode)
{
	acl_put(inode->acl_access);
	acl_put(inode->acl_default);
}

bool acl_supported(const struct inode *inode)
{
	return inode->sb->magic == TMPFS_MAGIC && (inode->mode & S_IFMT) != S_IFLNK;
}

/* posix_acl_valid */
static int acl_valid(const struct posix_acl *acl)
{
	int state = ACL_USER_OBJ;
	bool needs_mask = false;
	for (u32 i = 0; i < acl->count; i++) {
		const struct acl_entry *e = &acl->e[i];
		if (e->perm & ~(MAY_READ | MAY_WRITE | MAY_EXEC))
			return -EINVAL;
		switch (e->tag) {
		case ACL_USER_OBJ:
			if (state != ACL_USER_OBJ)
				return -EINVAL;
			state = ACL_USER;
			break;
		case ACL_GROUP_OBJ:
			if (state != ACL_USER)
				return -EINVAL;
			state = ACL_GROUP;
			break;
		case ACL_USER:
		case ACL_GROUP:
			if (state != (e->tag == ACL_USER ? ACL_USER : ACL_GROUP))
				return -EINVAL;
			needs_mask = true;
			break;
		case ACL_MASK:
			if (state != ACL_GROUP)
				return -EINVAL;
			state = ACL_OTHER;
			break;
		case ACL_OTHER:
			if (state != ACL_OTHER && (state != ACL_GROUP || needs_mask))
				return -EINVAL;
			state = 0;
			break;
		default: return -EINVAL;
		}
	}
	return state == 0 ? 0 : -EINVAL;
}

/* posix_acl_from_xattr: NULL (and 0) for an empty list, which removes. */
static int acl_from_xattr(const void *value, size_t size, struct posix_acl **out)
{
	*out = NULL;
	u32 version;
	if (size < sizeof(version))
		return -EINVAL;
	memcpy(&version, value, sizeof(version));
	if (version != ACL_XATTR_VERSION)
		return -EOPNOTSUPP;
	size -= sizeof(version);
	if (size % sizeof(struct acl_entry) || size / sizeof(struct acl_entry) > ACL_MAX_ENTRIES)
		return -EINVAL;
	u32 count = (u32)(size / sizeof(struct acl_entry));
	if (!count)
		return 0;
	struct posix_acl *acl = acl_alloc(count);
	if (!acl)
		return -ENOMEM;
	memcpy(acl->e, (const u8 *)value + sizeof(version), size);
	for (u32 i = 0; i < count; i++) {
		struct acl_entry *e = &acl->e[i];
		bool named = e->tag == ACL_USER || e->tag == ACL_GROUP;
		if (named && e->id == ACL_UNDEFINED_ID) {
			acl_put(acl);
			return -EINVAL; /* make_kuid: no such id */
		}
		if (!named)
			e->id = ACL_UNDEFINED_ID;
	}
	*out = acl;
	return 0;
}

/* posix_acl_equiv_mode: *mode's permission bits as acl says; 1 if the ACL says more. */
static int acl_equiv_mode(const struct posix_acl *acl, u32 *mode)
{
	u32 bits = 0;
	int not_equiv = 0;
	for (u32 i = 0; i < acl->count; i++) {
		u32 perm = acl->e[i].perm & 07;
		switch (acl->e[i].tag) {
		case ACL_USER_OBJ: bits |= perm << 6; break;
		case ACL_GROUP_OBJ: bits |= perm << 3; break;
		case ACL_OTHER: bits |= perm; break;
		case ACL_MASK:
			bits = (bits & ~070u) | perm << 3;
			not_equiv = 1;
			break;
		default: not_equiv = 1; break;
		}
	}
	*mode = (*mode & ~0777u) | bits;
	return not_equiv;
}

/* simple_set_acl with posix_acl_update_mode: an access ACL sets the mode
 * bits and goes when it says no more than they do. inode->lock held. */
static void acl_store(struct inode *inode, int type, struct posix_acl *acl)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	if (type == ACL_TYPE_ACCESS) {
		u32 mode = inode->mode;
		if (acl && !acl_equiv_mode(acl, &mode)) {
			acl_put(acl);
			acl = NULL;
		}
		if (!cred_in_group(inode->gid) && !capable(CAP_FSETID))
			mode &= ~(u32)S_ISGID;
		inode->mode = mode;
	}
	inode_touch(inode, false, true);
	acl_install(inode, type, acl);
}

int acl_xattr_set(struct inode *inode, int type, const void *value, size_t size)
{
	struct posix_acl *acl = NULL;
	int err = value ? acl_from_xattr(value, size, &acl) : 0;
	if (err)
		return err;
	/* set_posix_acl's order: a default ACL only on a directory, the owner, a valid list */
	if (type == ACL_TYPE_DEFAULT && (inode->mode & S_IFMT) != S_IFDIR)
		err = acl ? -EACCES : 1;
	else if (!inode_owner_or_capable(inode))
		err = -EPERM;
	else if (acl)
		err = acl_valid(acl);
	if (err) {
		acl_put(acl);
		return err < 0 ? err : 0;
	}
	acl_store(inode, type, acl);
	return 0;
}

long acl_xattr_get(struct inode *inode, int type, void *buf, size_t size)
{
	struct posix_acl *acl = acl_get(inode, type);
	if (!acl)
		return -ENODATA;
	u32 version = ACL_XATTR_VERSION;
	size_t need = sizeof(version) + acl->count * sizeof(struct acl_entry);
	long ret = (long)need;
	if (size && size < need) {
		ret = -ERANGE;
	} else if (size) {
		memcpy(buf, &version, sizeof(version));
		memcpy((u8 *)buf + sizeof(version), acl->e, acl->count * sizeof(struct acl_entry));
	}
	acl_put(acl);
	return ret;
}

bool acl_present(struct inode *inode, int type)
{
	return __atomic_load_n(acl_slot(inode, type), __ATOMIC_RELAXED) != NULL;
}

/* posix_acl_permission: 0, -EACCES, or -EAGAIN when the inode has no access ACL. */
int acl_permission(const struct cred *c, struct inode *inode, int mask)
{
	struct posix_acl *acl = acl_get(inode, ACL_TYPE_ACCESS);
	if (!acl)
		return -EAGAIN;
	u32 want = (u32)mask & 07, mask_perm = 07;
	for (u32 i = 0; i < acl->count; i++)
		if (acl->e[i].tag == ACL_MASK)
			mask_perm = acl->e[i].perm;
	int err = -EACCES;
	bool found = false;
	for (u32 i = 0; i < acl->count; i++) {
		const struct acl_entry *e = &acl->e[i];
		bool group = (e->tag == ACL_GROUP_OBJ && cred_in_group_of(c, inode->gid)) ||
			     (e->tag == ACL_GROUP && cred_in_group_of(c, e->id));
		if (e->tag == ACL_USER_OBJ && c->fsuid == inode->uid) {
			err = (e->perm & want) == want ? 0 : -EACCES;
			break;
		}
		if (e->tag == ACL_USER && c->fsuid == e->id) {
			err = (e->perm & mask_perm & want) == want ? 0 : -EACCES;
			break;
		}
		if (group) {
			found = true;
			if ((e->perm & want) == want) {
				err = (e->perm & mask_perm & want) == want ? 0 : -EACCES;
				break;
			}
		}
		if (e->tag == ACL_OTHER) {
			err = !found && (e->perm & want) == want ? 0 : -EACCES;
			break;
		}
	}
	acl_put(acl);
	return err;
}

/* posix_acl_chmod: the access ACL follows a chmod. inode->lock held. */
int acl_chmod(struct inode *inode)
{
	ASSERT_MUTEX_HELD(&inode->lock);
	struct posix_acl *old = acl_get(inode, ACL_TYPE_ACCESS);
	if (!old)
		return 0;
	struct posix_acl *acl = acl_clone(old);
	acl_put(old);
	if (!acl)
		return -ENOMEM;
	u32 mode = inode->mode;
	struct acl_entry *group_obj = NULL, *mask = NULL;
	for (u32 i = 0; i < acl->count; i++) {
		struct acl_entry *e = &acl->e[i];
		if (e->tag == ACL_USER_OBJ)
			e->perm = (mode >> 6) & 07;
		else if (e->tag == ACL_OTHER)
			e->perm = mode & 07;
		else if (e->tag == ACL_GROUP_OBJ)
			group_obj = e;
		else if (e->tag == ACL_MASK)
			mask = e;
	}
	if (mask || group_obj)
		(mask ? mask : group_obj)->perm = (mode >> 3) & 07;
	acl_store(inode, ACL_TYPE_ACCESS, acl);
	return 0;
}

u32 acl_create_mode(struct inode *dir, u32 mode)
{
	return acl_present(dir, ACL_TYPE_DEFAULT) ? mode : mode & ~fs_context_umask();
}

/* posix_acl_create_masq: the inherited ACL cut down by the mode asked for,
 * and the mode by it; 1 if the ACL says more than the bits. */
static int acl_create_masq(struct posix_acl *acl, u32 *mode_p)
{
	u32 mode = *mode_p;
	struct acl_entry *group_obj = NULL, *mask = NULL;
	int not_equiv = 0;
	for (u32 i = 0; i < acl->count; i++) {
		struct acl_entry *e = &acl->e[i];
		switch (e->tag) {
		case ACL_USER_OBJ:
			e->perm &= (mode >> 6) & 07;
			mode &= (e->perm << 6) | ~0700u;
			break;
		case ACL_OTHER:
			e->perm &= mode & 07;
			mode &= e->perm | ~07u;
			break;
		case ACL_GROUP_OBJ: group_obj = e; break;
		case ACL_MASK:
			mask = e;
			not_equiv = 1;
			break;
		default: not_equiv = 1; break;
		}
	}
	struct acl_entry *g = mask ? mask : group_obj;
	if (g) {
		g->perm &= (mode >> 3) & 07;
		mode &= (u32)(g->perm << 3) | ~070u;
	}
	*mode_p = (*mode_p & ~0777u) | (mode & 0777);
	return not_equiv;
}

int acl_inherit(struct inode *dir, struct inode *inode)
{
	if ((inode->mode & S_IFMT) == S_IFLNK)
		return 0;
	struct posix_acl *dflt = acl_get(dir, ACL_TYPE_DEFAULT);
	if (!dflt)
		return 0;
	struct posix_acl *acl = acl_clone(dflt);
	if (!acl) {
		acl_put(dflt);
		return -ENOMEM;
	}
	if (acl_create_masq(acl, &inode->mode) == 0) {
		acl_put(acl);
		acl = NULL;
	}
	if ((inode->mode & S_IFMT) != S_IFDIR) {
		acl_put(dflt);
		dflt = NULL;
	}
	inode->acl_access = acl; /* a new inode: nobody else sees it yet */
	inode->acl_default = dflt;
	return 0;
}
