/*
 * proc_mountinfo_fields.c — /proc/self/mountinfo (fs/proc_namespace.c
 * show_mountinfo) for mounts the test makes itself: "ID PARENT MAJ:MIN ROOT
 * MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS". Ids and device
 * numbers differ between kernels, so they are checked by relation: each
 * parent id names the mount below, MAJ:MIN is stat's st_dev of the mount
 * point, statx's stx_mnt_id and fdinfo's mnt_id are the line's id, the
 * root mount is its own parent. A bind mount shows the directory it binds
 * as ROOT and the bound mount's source; a mount point with a space is
 * escaped (\040); /proc/PID/mountinfo of another process is the same text;
 * /proc/self/mounts (show_vfsmnt) shows the same mounts.
 */
#include "fs_test.h"
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

/* struct statx up to stx_mnt_id (include/uapi/linux/stat.h; musl has no statx()) */
struct statx_mnt {
	unsigned mask, blksize;
	unsigned long long attributes;
	unsigned nlink, uid, gid;
	unsigned short mode, pad;
	unsigned long long ino, size, blocks, attributes_mask;
	unsigned long long times[8];
	unsigned dev[4];
	unsigned long long mnt_id;
	unsigned long long spare[14];
};
#define MNT_ID_MASK 0x1000 /* STATX_MNT_ID */

struct mi {
	unsigned long id, parent;
	unsigned major, minor;
	char root[128], mp[128], opts[128], optional[128], type[32], source[64], sopts[160];
};

static struct mi table[64];
static int count;

static void read_mountinfo(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	count = 0;
	while (f && count < 64 && fgets(line, sizeof line, f)) {
		struct mi *m = &table[count];
		int used = 0;
		if (sscanf(line, "%lu %lu %u:%u %127s %127s %127s %n", &m->id, &m->parent, &m->major, &m->minor,
			   m->root, m->mp, m->opts, &used) != 7)
			continue;
		char *rest = line + used, *dash = strstr(rest, "- ");
		if (!dash)
			continue;
		snprintf(m->optional, sizeof m->optional, "%.*s", (int)(dash - rest), rest);
		if (sscanf(dash + 2, "%31s %63s %159s", m->type, m->source, m->sopts) != 3)
			continue;
		count++;
	}
	if (f)
		fclose(f);
}

static struct mi *by_id(unsigned long id)
{
	for (int i = 0; i < count; i++)
		if (table[i].id == id)
			return &table[i];
	return NULL;
}

/* The last (topmost) line for a mount point. */
static struct mi *by_mp(const char *mp, int skip)
{
	for (int i = count - 1; i >= 0; i--)
		if (strcmp(table[i].mp, mp) == 0 && skip-- == 0)
			return &table[i];
	return NULL;
}

static void show(const char *mp, int skip, const char *stat_path)
{
	struct mi *m = by_mp(mp, skip);
	if (!m) {
		say("%s: missing\n", mp);
		return;
	}
	struct mi *p = by_id(m->parent);
	say("%s: root %s opts %s optional [%s] type %s source %s super %s parent %s\n", mp, m->root, m->opts,
	    m->optional, m->type, m->source, m->sopts, p ? p->mp : "?");
	if (!stat_path)
		return;
	struct stat st;
	stat(stat_path, &st);
	yesno("  major:minor is st_dev", major(st.st_dev) == m->major && minor(st.st_dev) == m->minor);
	struct statx_mnt sx;
	_Static_assert(__builtin_offsetof(struct statx_mnt, mnt_id) == 0x90, "stx_mnt_id's offset");
	if (syscall(SYS_statx, AT_FDCWD, stat_path, 0, MNT_ID_MASK, &sx) == 0)
		yesno("  stx_mnt_id is the id", (sx.mask & MNT_ID_MASK) && sx.mnt_id == m->id);
	int fd = open(stat_path, O_RDONLY | O_DIRECTORY);
	char path[64], text[256] = "";
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	slurp_file(path, text, sizeof text - 1);
	char *at = strstr(text, "mnt_id:");
	yesno("  fdinfo mnt_id is the id", at && strtoul(at + 7, NULL, 10) == m->id);
	close(fd);
}

int main(void)
{
	mkdir("/tmp/mi", 0755);
	mkdir("/tmp/mi/a", 0755);
	mkdir("/tmp/mi/b", 0755);
	mkdir("/tmp/mi/c", 0755);
	mkdir("/tmp/mi/with space", 0755);
	R("mount tmpfs", mount("tmpa", "/tmp/mi/a", "tmpfs", 0, "size=1m,nr_inodes=100,mode=750"));
	mkdir("/tmp/mi/a/sub", 0755);
	R("bind", mount("/tmp/mi/a/sub", "/tmp/mi/b", NULL, MS_BIND, NULL));
	R("mount ro tmpfs", mount("none", "/tmp/mi/c", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	R("mount proc over it", mount("proc", "/tmp/mi/c", "proc", MS_NOSUID, NULL));
	R("mount at a name with a space", mount("sp", "/tmp/mi/with space", "tmpfs", 0, NULL));
	R("remount the bind read-only", mount(NULL, "/tmp/mi/b", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	read_mountinfo("/proc/self/mountinfo");
	say("lines read: %s\n", count > 6 ? "enough" : "too few");
	show("/tmp/mi/a", 0, "/tmp/mi/a");
	show("/tmp/mi/b", 0, "/tmp/mi/b");
	show("/tmp/mi/c", 0, "/tmp/mi/c");
	show("/tmp/mi/c", 1, NULL);
	show("/tmp/mi/with\\040space", 0, "/tmp/mi/with space");
	show("/tmp", 0, "/tmp");
	struct mi *root = by_mp("/", 0);
	yesno("the root is its own parent", root && root->parent == root->id);
	int parents = 1, unique = 1;
	for (int i = 0; i < count; i++) {
		parents &= by_id(table[i].parent) != NULL;
		for (int j = 0; j < i; j++)
			unique &= table[i].id != table[j].id;
	}
	yesno("every parent is listed", parents);
	yesno("ids are unique", unique);

	char mine[8192] = "", theirs[8192] = "";
	slurp_file("/proc/self/mountinfo", mine, sizeof mine - 1);
	int gate[2];
	pipe(gate);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(gate[0], &c, 1);
		_exit(0);
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/mountinfo", pid);
	slurp_file(path, theirs, sizeof theirs - 1);
	yesno("another process's mountinfo is the same", strcmp(mine, theirs) == 0);
	write(gate[1], "x", 1);
	waitpid(pid, NULL, 0);

	char mounts[8192] = "";
	slurp_file("/proc/self/mounts", mounts, sizeof mounts - 1);
	for (char *line = strtok(mounts, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, " /tmp/mi"))
			say("mounts: %s\n", line);

	umount("/tmp/mi/with space");
	umount("/tmp/mi/c");
	umount("/tmp/mi/c");
	umount("/tmp/mi/b");
	umount("/tmp/mi/a");
	read_mountinfo("/proc/self/mountinfo");
	say("after umount: %s\n", by_mp("/tmp/mi/a", 0) ? "still there" : "gone");
	done();
	return 0;
}
