/*
 * sys_cred.c — the uid/gid family, supplementary groups and capget/capset
 * (Linux kernel/sys.c, kernel/groups.c, kernel/capability.c).
 *
 * Each call prepares a copy of the caller's cred, checks Linux's rules
 * against the old one, and commits the copy. "Privileged" is
 * capable(CAP_SETUID) for uids and capable(CAP_SETGID) for gids: root until
 * it gives root up (cap_emulate_setxuid below). -1 (as u32) means "leave
 * unchanged" wherever Linux accepts it.
 */
#include <syscall.h>

#include <cred.h>
#include <kmalloc.h>
#include <pid.h>
#include <task.h>
#include <uapi/errno.h>

#define KEEP INVALID_UID
#define CAP_FS_MASK                                                                                            \
	((1UL << CAP_CHOWN) | (1UL << CAP_DAC_OVERRIDE) | (1UL << CAP_DAC_READ_SEARCH) | (1UL << CAP_FOWNER) | \
	 (1UL << CAP_FSETID) | (1UL << CAP_LINUX_IMMUTABLE) | (1UL << CAP_MAC_OVERRIDE))

/* security/commoncap.c cap_emulate_setxuid: giving up every root uid
 * drops the capabilities; the effective set follows the effective uid. */
static void fix_caps_setxuid(struct cred *new, const struct cred *old)
{
	bool had_root = old->uid == 0 || old->euid == 0 || old->suid == 0;
	if (had_root && new->uid != 0 && new->euid != 0 && new->suid != 0)
		new->cap_permitted = new->cap_effective = 0;
	if (old->euid == 0 && new->euid != 0)
		new->cap_effective = 0;
	if (old->euid != 0 && new->euid == 0)
		new->cap_effective = new->cap_permitted;
}

/* cap_task_fix_setuid for LSM_SETID_FS: file capabilities follow fsuid 0. */
static void fix_caps_setfsuid(struct cred *new, const struct cred *old)
{
	if (old->fsuid == 0 && new->fsuid != 0)
		new->cap_effective &= ~CAP_FS_MASK;
	if (old->fsuid != 0 && new->fsuid == 0)
		new->cap_effective |= new->cap_permitted &CAP_FS_MASK;
}

/*
 * The uid calls and the gid calls follow the same rules (kernel/sys.c
 * __sys_setuid and __sys_setgid, and their re/res/fs forms); one function
 * each serves both kinds through an id_view of the cred's four ids. Only
 * the uids move the capabilities (fix_caps_setxuid, fix_caps_setfsuid).
 */
enum id_kind { UIDS, GIDS };

/* One kind's real, effective, saved and file-system ids in a cred. */
struct id_view {
	u32 *real, *eff, *saved, *fs;
};

static struct id_view ids_of(struct cred *c, enum id_kind k)
{
	if (k == UIDS)
		return (struct id_view){&c->uid, &c->euid, &c->suid, &c->fsuid};
	return (struct id_view){&c->gid, &c->egid, &c->sgid, &c->fsgid};
}

/* The caller's ids of kind k (values: its cred is not changed in place). */
static struct id_values {
	u32 real, eff, saved, fs;
} ids_now(enum id_kind k)
{
	const struct cred *c = cred_current();
	if (k == UIDS)
		return (struct id_values){c->uid, c->euid, c->suid, c->fsuid};
	return (struct id_values){c->gid, c->egid, c->sgid, c->fsgid};
}

static bool privileged(enum id_kind k)
{
	return capable(k == UIDS ? CAP_SETUID : CAP_SETGID);
}

static long commit_ids(struct cred *new, enum id_kind k)
{
	if (k == UIDS)
		fix_caps_setxuid(new, cred_current());
	cred_commit(new);
	return 0;
}

/* Is id one of the caller's real, effective or saved ids? */
static bool one_of_mine(u32 id, const struct id_values *old)
{
	return id == old->real || id == old->eff || id == old->saved;
}

/* setuid, setgid: privileged, all four; else the effective (and fs) id
 * only, to the real or saved one. */
static long set_id(enum id_kind k, u32 id)
{
	if (id == KEEP)
		return -EINVAL;
	struct id_values old = ids_now(k);
	bool priv = privileged(k);
	if (!priv && id != old.real && id != old.saved)
		return -EPERM;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	struct id_view ids = ids_of(new, k);
	if (priv)
		*ids.real = *ids.saved = id;
	*ids.eff = *ids.fs = id;
	return commit_ids(new, k);
}

/* setreuid, setregid: the saved id follows the effective one when the real
 * id is set or the effective one becomes other than the old real one. */
static long set_re(enum id_kind k, u32 real, u32 eff)
{
	struct id_values old = ids_now(k);
	bool priv = privileged(k);
	if (real != KEEP && !priv && real != old.real && real != old.eff)
		return -EPERM;
	if (eff != KEEP && !priv && !one_of_mine(eff, &old))
		return -EPERM;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	struct id_view ids = ids_of(new, k);
	if (real != KEEP)
		*ids.real = real;
	if (eff != KEEP)
		*ids.eff = eff;
	if (real != KEEP || (eff != KEEP && eff != old.real))
		*ids.saved = *ids.eff;
	*ids.fs = *ids.eff;
	return commit_ids(new, k);
}

/* setresuid, setresgid: unprivileged, each new id one of the old three. */
static long set_res(enum id_kind k, u32 real, u32 eff, u32 saved)
{
	struct id_values old = ids_now(k);
	if (!privileged(k) && ((real != KEEP && !one_of_mine(real, &old)) || (eff != KEEP && !one_of_mine(eff, &old)) ||
			       (saved != KEEP && !one_of_mine(saved, &old))))
		return -EPERM;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	struct id_view ids = ids_of(new, k);
	if (real != KEEP)
		*ids.real = real;
	if (eff != KEEP)
		*ids.eff = eff;
	if (saved != KEEP)
		*ids.saved = saved;
	*ids.fs = *ids.eff;
	return commit_ids(new, k);
}

/* setfsuid, setfsgid return the old fs id whether or not they changed it. */
static long set_fs(enum id_kind k, u32 id)
{
	struct id_values old = ids_now(k);
	if (id == KEEP || !(one_of_mine(id, &old) || id == old.fs || privileged(k)))
		return old.fs;
	struct cred *new = cred_prepare();
	if (!new)
		return old.fs;
	*ids_of(new, k).fs = id;
	if (k == UIDS)
		fix_caps_setfsuid(new, cred_current());
	cred_commit(new);
	return old.fs;
}

SYSCALL_DEFINE1(setuid, u32, uid)
{
	return set_id(UIDS, uid);
}

SYSCALL_DEFINE1(setgid, u32, gid)
{
	return set_id(GIDS, gid);
}

SYSCALL_DEFINE2(setreuid, u32, ruid, u32, euid)
{
	return set_re(UIDS, ruid, euid);
}

SYSCALL_DEFINE2(setregid, u32, rgid, u32, egid)
{
	return set_re(GIDS, rgid, egid);
}

SYSCALL_DEFINE3(setresuid, u32, ruid, u32, euid, u32, suid)
{
	return set_res(UIDS, ruid, euid, suid);
}

SYSCALL_DEFINE3(setresgid, u32, rgid, u32, egid, u32, sgid)
{
	return set_res(GIDS, rgid, egid, sgid);
}

SYSCALL_DEFINE1(setfsuid, u32, uid)
{
	return set_fs(UIDS, uid);
}

SYSCALL_DEFINE1(setfsgid, u32, gid)
{
	return set_fs(GIDS, gid);
}

static long put_three(uaddr_t ua, u32 a, uaddr_t ub, u32 b, uaddr_t uc, u32 c)
{
	if (put_user_u32(ua, a) || put_user_u32(ub, b) || put_user_u32(uc, c))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uaddr_t, ur, uaddr_t, ue, uaddr_t, us)
{
	const struct cred *c = cred_current();
	return put_three(ur, c->uid, ue, c->euid, us, c->suid);
}

SYSCALL_DEFINE3(getresgid, uaddr_t, ur, uaddr_t, ue, uaddr_t, us)
{
	const struct cred *c = cred_current();
	return put_three(ur, c->gid, ue, c->egid, us, c->sgid);
}

SYSCALL_DEFINE0(getuid)
{
	return cred_current()->uid;
}

SYSCALL_DEFINE0(geteuid)
{
	return cred_current()->euid;
}

SYSCALL_DEFINE0(getgid)
{
	return cred_current()->gid;
}

SYSCALL_DEFINE0(getegid)
{
	return cred_current()->egid;
}

/* getgroups(0, _) counts; a smaller buffer than the list is EINVAL. */
SYSCALL_DEFINE2(getgroups, int, size, uaddr_t, ulist)
{
	if (size < 0)
		return -EINVAL;
	const struct group_info *gi = cred_current()->groups;
	if (size == 0)
		return gi->count;
	if (size < gi->count)
		return -EINVAL;
	if (copy_to_user(ulist, gi->gids, (size_t)gi->count * sizeof(u32)))
		return -EFAULT;
	return gi->count;
}

SYSCALL_DEFINE2(setgroups, int, size, uaddr_t, ulist)
{
	if (!capable(CAP_SETGID))
		return -EPERM;
	if ((unsigned)size > NGROUPS_MAX)
		return -EINVAL;
	u32 *gids = kmalloc((size_t)size * sizeof(u32) + 1);
	if (!gids)
		return -ENOMEM;
	long err = copy_from_user(gids, ulist, (size_t)size * sizeof(u32)) ? -EFAULT : 0;
	struct cred *new = err ? NULL : cred_prepare();
	if (!err && !new)
		err = -ENOMEM;
	if (!err)
		err = cred_set_groups(new, gids, size);
	kfree(gids);
	if (err) {
		if (new)
			cred_abort(new);
		return err;
	}
	cred_commit(new);
	return 0;
}

/* ---- capget, capset (kernel/capability.c) -------------------------------- */

#define CAP_V1 0x19980330
#define CAP_V2 0x20071026
#define CAP_V3 0x20080522

struct cap_header {
	u32 version;
	s32 pid;
};
struct cap_data {
	u32 effective, permitted, inheritable;
};

/* Checks the header; the number of 32-bit words per set (1 or 2). */
static long cap_words(uaddr_t uheader, struct cap_header *h)
{
	if (copy_from_user(h, uheader, sizeof(*h)))
		return -EFAULT;
	switch (h->version) {
	case CAP_V1: return 1;
	case CAP_V2:
	case CAP_V3: return 2;
	default:
		/* an unknown version learns the preferred one */
		if (put_user_u32(uheader, CAP_V3))
			return -EFAULT;
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(capget, uaddr_t, uheader, uaddr_t, udata)
{
	struct cap_header h;
	long words = cap_words(uheader, &h);
	if (words < 0)
		return (words == -EINVAL && uaddr_is_null(udata)) ? 0 : words; /* a version probe */
	if (h.pid < 0)
		return -EINVAL;
	const struct cred *c = NULL;
	if (h.pid == 0 || h.pid == current()->tid) {
		c = cred_get(cred_current());
	} else {
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		struct task *t = pid_find_task(h.pid);
		if (t && t->cred)
			c = cred_get(t->cred);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		if (!c)
			return -ESRCH;
	}
	struct cap_data d[2] = {
		{(u32)c->cap_effective, (u32)c->cap_permitted, (u32)c->cap_inheritable},
		{(u32)(c->cap_effective >> 32), (u32)(c->cap_permitted >> 32), (u32)(c->cap_inheritable >> 32)},
	};
	cred_put(c);
	if (!uaddr_is_null(udata) && copy_to_user(udata, d, (size_t)words * sizeof(d[0])))
		return -EFAULT;
	return 0;
}

static bool subset(u64 a, u64 b)
{
	return (a & ~b) == 0;
}

SYSCALL_DEFINE2(capset, uaddr_t, uheader, uaddr_t, udata)
{
	struct cap_header h;
	long words = cap_words(uheader, &h);
	if (words < 0)
		return words;
	if (h.pid != 0 && h.pid != current()->tid)
		return -EPERM; /* only one's own */
	struct cap_data d[2] = {{0, 0, 0}, {0, 0, 0}};
	if (copy_from_user(d, udata, (size_t)words * sizeof(d[0])))
		return -EFAULT;
	u64 eff = d[0].effective | ((u64)d[1].effective << 32);
	u64 perm = d[0].permitted | ((u64)d[1].permitted << 32);
	u64 inh = d[0].inheritable | ((u64)d[1].inheritable << 32);
	eff &= CAP_FULL_SET;
	perm &= CAP_FULL_SET;
	inh &= CAP_FULL_SET;
	const struct cred *old = cred_current();
	/* security/commoncap.c cap_capset */
	if (!capable(CAP_SETPCAP) && !subset(inh, old->cap_inheritable | old->cap_permitted))
		return -EPERM;
	if (!subset(inh, old->cap_inheritable | old->cap_bset))
		return -EPERM; /* no new inheritable capabilities outside the bounding set */
	if (!subset(perm, old->cap_permitted) || !subset(eff, perm))
		return -EPERM;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	new->cap_effective = eff;
	new->cap_permitted = perm;
	new->cap_inheritable = inh;
	cred_commit(new);
	return 0;
}
