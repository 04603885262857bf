/*
 * nsfs.c — namespace files (Linux fs/nsfs.c and fs/proc/namespaces.c).
 *
 * /proc/PID/ns/NAME is a magic link (procfs.c) whose text is "NAME:[N]", N
 * the namespace's number (Linux's ns_common.inum), and whose walk ends on a
 * new, unhashed dentry of a new inode of the nsfs super block numbered N: so
 * two processes in one namespace see files with the same st_dev and st_ino,
 * which is how programs compare namespaces. The inode holds what setns(2)
 * needs: the kind and, for UTS, IPC, network and mount, a reference to the
 * namespace.
 *
 * Only UTS, IPC, network and mount namespaces exist here (core/uts.c,
 * ipc/namespace.c, net/net_ns.c, fs/mount.c); a task's mount namespace is
 * its fs context's. Every other kind has just
 * the initial namespace, which every process is in: Linux built without
 * CONFIG_{PID,USER,CGROUP,TIME}_NS still shows those links, with
 * the fixed numbers of include/linux/proc_ns.h (mnt and net, numbered at
 * boot by proc_alloc_inum, get what a Debian kernel gives them). setns into
 * one of them is joining the namespace the caller is already in.
 *
 * Locks: none of its own; the namespaces are counted (cred.c,
 * ipc/namespace.c, mount.c).
 */
#include <nsfs.h>

#include <cred.h>
#include <format.h>
#include <fs_context.h>
#include <fs.h>
#include <kmalloc.h>
#include <net.h>
#include <printk.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/nsfs.h>
#include <uapi/sched.h>
#include <uapi/stat.h>
#include <uts.h>
#include <vfs.h>

#define NSFS_MAGIC 0x6e736673

static struct super_block nsfs_sb = {.type = "nsfs", .magic = NSFS_MAGIC, .dev = 0x4, .next_ino = 1};
static struct vfsmount *nsfs_mnt; /* set once at boot */

/* Each kind's name, setns type (ns->ops->type) and initial number. */
static const struct {
	const char *name;
	int type;
	u32 init_inum;
} kinds[] = {
	[NS_NET] = {"net", CLONE_NEWNET, 0xF0000000u},
	[NS_UTS] = {"uts", CLONE_NEWUTS, 0xEFFFFFFEu}, /* PROC_UTS_INIT_INO */
	[NS_IPC] = {"ipc", CLONE_NEWIPC, 0xEFFFFFFFu}, /* PROC_IPC_INIT_INO */
	[NS_PID] = {"pid", CLONE_NEWPID, 0xEFFFFFFCu}, /* PROC_PID_INIT_INO */
	[NS_PID_FOR_CHILDREN] = {"pid", CLONE_NEWPID, 0xEFFFFFFCu},
	[NS_USER] = {"user", CLONE_NEWUSER, 0xEFFFFFFDu}, /* PROC_USER_INIT_INO */
	[NS_MNT] = {"mnt", CLONE_NEWNS, 0xF0000001u},
	[NS_CGROUP] = {"cgroup", CLONE_NEWCGROUP, 0xEFFFFFFBu}, /* PROC_CGROUP_INIT_INO */
	[NS_TIME] = {"time", CLONE_NEWTIME, 0xEFFFFFFAu},	/* PROC_TIME_INIT_INO */
	[NS_TIME_FOR_CHILDREN] = {"time", CLONE_NEWTIME, 0xEFFFFFFAu},
};

/* An nsfs inode's private part. */
struct ns_file {
	enum ns_kind kind;
	struct uts_ns *uts; /* NS_UTS: a reference, NULL the initial one */
	struct mnt_ns *mnt; /* NS_MNT: a reference */
	struct ipc_ns *ipc; /* NS_IPC: a reference, NULL the initial one */
	struct net_ns *net; /* NS_NET: a reference, NULL the initial one */
};

void nsfs_init(void)
{
	CHECK(sb_set_root(&nsfs_sb, inode_alloc(&nsfs_sb, S_IFDIR | 0500)) == 0);
	nsfs_mnt = vfs_kern_mount(&nsfs_sb);
	CHECK(nsfs_mnt);
}

static u32 ns_inum(enum ns_kind kind, const struct cred *c, struct fs_context *fs)
{
	if (kind == NS_MNT) {
		struct mnt_ns *ns = fs_context_mnt_ns(fs);
		u32 inum = mnt_ns_inum(ns);
		mnt_ns_put(ns);
		return inum;
	}
	if (kind == NS_IPC)
		return ipc_ns_inum(c->ipc_ns);
	if (kind == NS_NET)
		return net_ns_inum(net_ns_of(c));
	return kind == NS_UTS ? uts_ns_inum(c->uts_ns) : kinds[kind].init_inum;
}

int nsfs_link_text(enum ns_kind kind, const struct cred *c, struct fs_context *fs, char **target)
{
	*target = kmalloc(32);
	if (!*target)
		return -ENOMEM;
	snprintf(*target, 32, "%s:[%u]", kinds[kind].name, ns_inum(kind, c, fs));
	return 0;
}

bool file_is_ns(const struct file *f)
{
	return f->inode->sb == &nsfs_sb && f->inode->private;
}

int nsfs_file_text(const struct file *f, char **target)
{
	const struct ns_file *nf = f->inode->private;
	*target = kmalloc(32);
	if (!*target)
		return -ENOMEM;
	snprintf(*target, 32, "%s:[%lu]", kinds[nf->kind].name, (unsigned long)f->inode->ino);
	return 0;
}

static void ns_inode_destroy(struct inode *inode)
{
	struct ns_file *nf = inode->private;
	uts_ns_put(nf->uts);
	ipc_ns_put(nf->ipc);
	net_ns_put(nf->net);
	if (nf->mnt)
		mnt_ns_put(nf->mnt);
	kfree(nf);
}

/* Linux's ns_file_operations have no read or write: vfs_read's EINVAL. */
static ssize_t ns_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return -EINVAL;
}

static ssize_t ns_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	return -EINVAL;
}

static long ns_ioctl(struct file *f, unsigned cmd, u64 arg);
static const struct file_ops ns_file_ops = {
	.read = ns_read, .write = ns_write, .ioctl = ns_ioctl, .no_read_iter = true};

int nsfs_path(enum ns_kind kind, const struct cred *c, struct fs_context *fs, struct path *out)
{
	struct ns_file *nf = kmalloc(sizeof(*nf));
	struct inode *inode = nf ? inode_alloc(&nsfs_sb, S_IFREG | 0444) : NULL; /* nsfs: S_IFREG | S_IRUGO */
	if (!inode) {
		kfree(nf);
		return -ENOMEM;
	}
	nf->kind = kind;
	nf->uts = kind == NS_UTS ? uts_ns_get(c->uts_ns) : NULL;
	nf->mnt = kind == NS_MNT ? fs_context_mnt_ns(fs) : NULL;
	nf->ipc = kind == NS_IPC ? ipc_ns_get(c->ipc_ns) : NULL;
	nf->net = kind == NS_NET ? net_ns_get(c->net_ns) : NULL;
	inode->ino = kind == NS_MNT ? mnt_ns_inum(nf->mnt) : ns_inum(kind, c, fs);
	inode->fops = &ns_file_ops;
	inode->private = nf;
	inode->destroy = ns_inode_destroy;
	struct dentry *d = dentry_alloc(nsfs_mnt->root, "", 0);
	if (!d) {
		inode_put(inode);
		return -ENOMEM;
	}
	d->flags |= DENTRY_NOCACHE;
	d_instantiate(d, inode);
	inode_put(inode); /* the dentry holds it now */
	*out = (struct path){mnt_get(nsfs_mnt), d};
	return 0;
}

/* open_related_ns: a new close-on-exec descriptor of the caller's
 * namespace of that kind (there is only the initial one of each but UTS). */
static long open_related(enum ns_kind kind)
{
	struct path p;
	struct file *f;
	int err = nsfs_path(kind, cred_current(), current()->fs, &p);
	if (err)
		return err;
	err = vfs_open_path(&p, O_RDONLY, &f);
	path_put(&p);
	if (err)
		return err;
	return fd_install_or_put(f, true);
}

/* ns_ioctl (fs/nsfs.c), Linux 6.1's four: every namespace here is owned by
 * the initial user namespace (uid 0), which has no parent, nor has the
 * initial pid namespace (EPERM); other kinds have no parent (EINVAL). */
static long ns_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	const struct ns_file *nf = f->inode->private;
	bool user = nf->kind == NS_USER;
	bool pid = nf->kind == NS_PID || nf->kind == NS_PID_FOR_CHILDREN;
	switch (cmd) {
	case NS_GET_USERNS: return user ? -EPERM : open_related(NS_USER);
	case NS_GET_PARENT: return user || pid ? -EPERM : -EINVAL;
	case NS_GET_NSTYPE: return kinds[nf->kind].type;
	case NS_GET_OWNER_UID:
		if (!user)
			return -EINVAL;
		return put_user_u32(uaddr_from(arg), 0) ? -EFAULT : 0;
	default: return -ENOTTY;
	}
}

/*
 * setns with a namespace file (kernel/nsproxy.c setns, then the kind's
 * install): a type that is not the file's is EINVAL; each install asks for
 * CAP_SYS_ADMIN (EPERM). A UTS namespace replaces the caller's; the user
 * namespace is the caller's own (userns_install: EINVAL); time needs a single
 * thread (timens_install: EUSERS); a mount namespace needs CAP_SYS_CHROOT
 * too and an fs context the caller does not share (mntns_install: EPERM,
 * EINVAL), and moves its root and working directory to the namespace's root.
 */
long nsfs_setns(struct file *f, int nstype)
{
	if (!file_is_ns(f))
		return -EINVAL; /* neither a namespace file nor (here) a pidfd */
	const struct ns_file *nf = f->inode->private;
	if (nstype && nstype != kinds[nf->kind].type)
		return -EINVAL;
	if (nf->kind == NS_USER)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (nf->kind) {
	case NS_UTS: return cred_set_ns(nf->uts, NULL, NULL, CLONE_NEWUTS);
	case NS_IPC:
		sem_exit(current()->group); /* ipcns_install: the old namespace's undo state goes */
		return cred_set_ns(NULL, nf->ipc, NULL, CLONE_NEWIPC);
	case NS_NET: return cred_set_ns(NULL, NULL, nf->net, CLONE_NEWNET); /* netns_install */
	case NS_TIME:
	case NS_TIME_FOR_CHILDREN:
		return __atomic_load_n(&current()->group->nr_threads, __ATOMIC_ACQUIRE) > 1 ? -EUSERS : 0;
	case NS_MNT: {
		struct fs_context *fs = current()->fs;
		if (!capable(CAP_SYS_CHROOT))
			return -EPERM;
		if (__atomic_load_n(&fs->refcount, __ATOMIC_ACQUIRE) > 1)
			return -EINVAL;
		fs_context_enter_ns(fs, nf->mnt);
		return 0;
	}
	default: return 0; /* the only one, the caller's already */
	}
}
