/*
 * anon_inodes.c — the anonymous super block and its kernel mount (Linux's
 * fs/anon_inodes.c, with the roles of pipefs and sockfs too): every file
 * without a name (a pipe, a socket, an eventfd...) has an inode of its own
 * here, st_dev 0xd.
 *
 * A /proc/PID/fd/N magic link to such a file leads to a fresh, unhashed
 * dentry of its inode on the anonymous mount (Linux's pipefs, sockfs and
 * anon_inodefs dentries, which every such file has), made when the link is
 * walked and freed with the walk: the walk can end there, stat shows the
 * inode, and an open opens the inode (vfs_open_path): a pipe's gives a new
 * end of the same pipe (fifo_open), a socket's is ENXIO, any other ENXIO
 * (no file operations: Linux's no_open), and the new file is nameless too.
 */
#include <fs.h>

#include <printk.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

static struct super_block anon_sb = {.type = "anon_inodefs", .magic = 0x09041934, .dev = 0xd, .next_ino = 1};
static struct vfsmount *anon_mnt; /* anon_sb's kernel mount: set once at boot */

void anon_inodes_init(void)
{
	CHECK(sb_set_root(&anon_sb, inode_alloc(&anon_sb, S_IFDIR | 0500)) == 0);
	anon_mnt = vfs_kern_mount(&anon_sb);
	CHECK(anon_mnt);
}

struct inode *anon_inode_alloc(u32 mode)
{
	return inode_alloc(&anon_sb, mode);
}

int file_mnt_id(const struct file *f)
{
	return (f->path.mnt ? f->path.mnt : anon_mnt)->id;
}

bool inode_is_anon(const struct inode *inode)
{
	return inode->sb == &anon_sb;
}

bool path_is_anon(const struct path *p)
{
	return p->mnt == anon_mnt;
}

int file_magic_path(struct file *f, struct path *out)
{
	if (f->path.dentry) {
		*out = f->path;
		path_get(out);
		return 0;
	}
	struct dentry *d = dentry_alloc(anon_mnt->root, "", 0);
	if (!d)
		return -ENOMEM;
	d->flags |= DENTRY_NOCACHE;
	d_instantiate(d, f->inode);
	*out = (struct path){mnt_get(anon_mnt), d};
	return 0;
}

int anon_file_set_name(struct file *f, const char *name)
{
	struct dentry *d = dentry_alloc(anon_mnt->root, name, strlen(name));
	if (!d)
		return -ENOMEM;
	d_instantiate(d, f->inode);
	f->path = (struct path){mnt_get(anon_mnt), d};
	return 0;
}
