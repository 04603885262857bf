/*
 * posix_acl_tmpfs.c — POSIX ACLs on tmpfs (acl(5); Linux fs/posix_acl.c,
 * mm/shmem.c): system.posix_acl_access and system.posix_acl_default in
 * their binary form (version 2, then {tag, perm, id} entries). A named
 * user's entry grants access through the mask; the mode's group bits are
 * the mask; chmod rewrites the mask; an ACL no richer than the mode bits is
 * not kept; invalid lists are EINVAL, a wrong version EOPNOTSUPP, a
 * default ACL on a file EACCES, a non-owner EPERM, a symlink EOPNOTSUPP;
 * a default ACL is inherited by new files (instead of the umask) and by new
 * directories as their own default too.
 */
#include "fs_test.h"
#include <grp.h>
#include <stdint.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#define USER_OBJ 0x01
#define USER 0x02
#define GROUP_OBJ 0x04
#define GROUP 0x08
#define MASK 0x10
#define OTHER 0x20
#define NOID 0xffffffffu
#define ACCESS "system.posix_acl_access"
#define DEFAULT "system.posix_acl_default"

struct entry {
	uint16_t tag, perm;
	uint32_t id;
};

struct acl {
	uint32_t version;
	struct entry e[8];
};

static size_t acl_size(int n)
{
	return 4 + (size_t)n * sizeof(struct entry);
}

static void show_acl(const char *label, const char *path, const char *name)
{
	struct acl a;
	ssize_t n = getxattr(path, name, &a, sizeof a);
	if (n < 0) {
		say("%s: %s\n", label, errname(errno));
		return;
	}
	say("%s: v%u", label, a.version);
	for (int i = 0; i < (int)((n - 4) / 8); i++)
		say(" %x:%o:%d", a.e[i].tag, a.e[i].perm, a.e[i].id == NOID ? -1 : (int)a.e[i].id);
	say("\n");
}

static void show_mode(const char *path)
{
	struct stat st;
	stat(path, &st);
	say("%s mode %o\n", path, st.st_mode & 07777);
}

/* In a child with these ids: may it open path so? */
static void try_as(const char *label, uid_t uid, gid_t gid, const char *path, int flags)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
			_exit(2);
		int fd = open(path, flags);
		say("%s: %s\n", label, fd >= 0 ? "ok" : errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void list(const char *path)
{
	char names[256];
	ssize_t n = listxattr(path, names, sizeof names);
	say("listxattr %s:", path);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(names + i) + 1)
		say(" %s", names + i);
	say("\n");
}

int main(void)
{
	umask(022);
	mkdir("/tmp/acl", 0777);
	chmod("/tmp/acl", 0777);
	const char *f = "/tmp/acl/file";
	close(open(f, O_CREAT | O_RDWR, 0640));
	show_acl("no ACL yet", f, ACCESS);
	struct acl a = {
		2, {{USER_OBJ, 6, NOID}, {USER, 4, 1000}, {GROUP_OBJ, 4, NOID}, {MASK, 4, NOID}, {OTHER, 0, NOID}}};
	R("set an access ACL", setxattr(f, ACCESS, &a, acl_size(5), 0));
	show_mode(f);
	show_acl("read back", f, ACCESS);
	say("size asked: %zd\n", getxattr(f, ACCESS, NULL, 0));
	R("buffer too small", getxattr(f, ACCESS, &a, 8));
	list(f);
	try_as("uid 1000 reads", 1000, 1000, f, O_RDONLY);
	try_as("uid 1000 writes", 1000, 1000, f, O_WRONLY);
	try_as("uid 1001 reads", 1001, 1001, f, O_RDONLY);
	R("chmod 0600", chmod(f, 0600));
	show_acl("after chmod", f, ACCESS);
	try_as("uid 1000 reads after chmod", 1000, 1000, f, O_RDONLY);
	R("chmod 0664", chmod(f, 0664));
	show_acl("after chmod 0664", f, ACCESS);
	try_as("uid 1000 writes with mask rw but entry r", 1000, 1000, f, O_WRONLY);

	/* a named group, and the group class */
	struct acl g = {
		2, {{USER_OBJ, 6, NOID}, {GROUP_OBJ, 0, NOID}, {GROUP, 6, 2000}, {MASK, 6, NOID}, {OTHER, 0, NOID}}};
	R("set a named-group ACL", setxattr(f, ACCESS, &g, acl_size(5), 0));
	show_mode(f);
	try_as("gid 2000 writes", 1002, 2000, f, O_WRONLY);
	try_as("gid 0 (the owning group) reads", 1002, 0, f, O_RDONLY);

	/* three entries are the mode bits: the ACL goes, the mode stays */
	struct acl base = {2, {{USER_OBJ, 7, NOID}, {GROUP_OBJ, 5, NOID}, {OTHER, 1, NOID}}};
	R("set a minimal ACL", setxattr(f, ACCESS, &base, acl_size(3), 0));
	show_mode(f);
	show_acl("minimal ACL kept?", f, ACCESS);
	list(f);

	struct acl bad = {2, {{USER_OBJ, 6, NOID}, {USER, 4, 1000}, {GROUP_OBJ, 4, NOID}, {OTHER, 0, NOID}}};
	R("named entry without a mask", setxattr(f, ACCESS, &bad, acl_size(4), 0));
	struct acl order = {2, {{GROUP_OBJ, 4, NOID}, {USER_OBJ, 6, NOID}, {OTHER, 0, NOID}}};
	R("entries out of order", setxattr(f, ACCESS, &order, acl_size(3), 0));
	struct acl perm = {2, {{USER_OBJ, 8, NOID}, {GROUP_OBJ, 4, NOID}, {OTHER, 0, NOID}}};
	R("a perm past rwx", setxattr(f, ACCESS, &perm, acl_size(3), 0));
	struct acl v1 = {1, {{USER_OBJ, 6, NOID}, {GROUP_OBJ, 4, NOID}, {OTHER, 0, NOID}}};
	R("version 1", setxattr(f, ACCESS, &v1, acl_size(3), 0));
	R("a size that is not whole entries", setxattr(f, ACCESS, &a, acl_size(3) - 2, 0));
	R("a default ACL on a file", setxattr(f, DEFAULT, &a, acl_size(5), 0));
	R("removing a file's default ACL", removexattr(f, DEFAULT));
	R("system.other", setxattr(f, "system.other", &a, acl_size(5), 0));
	symlink("file", "/tmp/acl/link");
	R("on a symlink", lsetxattr("/tmp/acl/link", ACCESS, &a, acl_size(5), 0));
	R("reading a symlink's", lgetxattr("/tmp/acl/link", ACCESS, &a, sizeof a));
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(2);
		R("not the owner", setxattr(f, ACCESS, &a, acl_size(5), 0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	R("set again", setxattr(f, ACCESS, &a, acl_size(5), 0));
	R("remove it", removexattr(f, ACCESS));
	show_acl("after remove", f, ACCESS);
	show_mode(f);
	R("remove it again", removexattr(f, ACCESS));
	R("an empty list removes", setxattr(f, ACCESS, &a, 4, 0));

	/* default ACLs: inherited instead of the umask */
	const char *d = "/tmp/acl/dir";
	mkdir(d, 0755);
	struct acl def = {
		2, {{USER_OBJ, 7, NOID}, {GROUP_OBJ, 5, NOID}, {GROUP, 7, 2000}, {MASK, 7, NOID}, {OTHER, 0, NOID}}};
	R("set a default ACL", setxattr(d, DEFAULT, &def, acl_size(5), 0));
	show_mode(d);
	show_acl("dir access", d, ACCESS);
	show_acl("dir default", d, DEFAULT);
	list(d);
	close(open("/tmp/acl/dir/new", O_CREAT | O_WRONLY, 0666));
	show_mode("/tmp/acl/dir/new");
	show_acl("new file access", "/tmp/acl/dir/new", ACCESS);
	show_acl("new file default", "/tmp/acl/dir/new", DEFAULT);
	mkdir("/tmp/acl/dir/sub", 0777);
	show_mode("/tmp/acl/dir/sub");
	show_acl("new dir access", "/tmp/acl/dir/sub", ACCESS);
	show_acl("new dir default", "/tmp/acl/dir/sub", DEFAULT);
	close(open("/tmp/acl/dir/sub/deeper", O_CREAT | O_WRONLY, 0600));
	show_mode("/tmp/acl/dir/sub/deeper");
	show_acl("deeper access", "/tmp/acl/dir/sub/deeper", ACCESS);
	mknod("/tmp/acl/dir/fifo", S_IFIFO | 0644, 0);
	show_mode("/tmp/acl/dir/fifo");
	try_as("gid 2000 writes the new file", 1002, 2000, "/tmp/acl/dir/new", O_WRONLY);
	R("remove the default ACL", removexattr(d, DEFAULT));
	close(open("/tmp/acl/dir/plain", O_CREAT | O_WRONLY, 0666));
	show_mode("/tmp/acl/dir/plain");
	show_acl("plain access", "/tmp/acl/dir/plain", ACCESS);

	unlink("/tmp/acl/dir/sub/deeper");
	rmdir("/tmp/acl/dir/sub");
	unlink("/tmp/acl/dir/new");
	unlink("/tmp/acl/dir/fifo");
	unlink("/tmp/acl/dir/plain");
	rmdir(d);
	unlink("/tmp/acl/link");
	unlink(f);
	R("cleanup", rmdir("/tmp/acl"));
	done();
	return 0;
}
