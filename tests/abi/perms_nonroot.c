/*
 * perms_nonroot.c — permission checks for a caller that is not root
 * (fs/namei.c generic_permission, may_open, may_delete, fs/attr.c
 * setattr_prepare, fs/open.c do_faccessat): root prepares files in /tmp,
 * a child drops to uid 1000 / gid 1000 with supplementary group 3000 and
 * prints the errno of each attempt: owner/group/other bits, search
 * permission on directories, write permission on directories, the sticky
 * bit, chmod, chown and utimensat rules, new files' owners (and the
 * set-group-ID directory rule), access with the real ids, O_NOATIME and
 * exec; root itself bypasses the bits but still needs an x bit to exec.
 */
#include "fs_test.h"

#include <grp.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#define D "/tmp/pn"

static void mkfile(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd >= 0)
		close(fd);
	chown(path, uid, gid);
	chmod(path, mode);
}

static void show_owner(const char *label, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		say("%s: stat %s\n", label, errname(errno));
	else
		say("%s: uid %u gid %u mode %o\n", label, st.st_uid, st.st_gid, st.st_mode);
}

static void real_vs_effective(void)
{
	/* real uid 1000, effective and saved 0: access uses the real ids */
	R("setresuid 1000,0,0", setresuid(1000, 0, 0));
	R("access f600 R_OK (real)", access(D "/f600", R_OK));
	R("faccessat f600 R_OK AT_EACCESS", faccessat(AT_FDCWD, D "/f600", R_OK, AT_EACCESS));
	R("access mine W_OK (real owner)", access(D "/mine", W_OK));
}

static void as_user(void)
{
	gid_t groups[1] = {3000};
	R("setgroups 3000", setgroups(1, groups));
	R("setresgid 1000", setresgid(1000, 1000, 1000));
	real_vs_effective();
	R("setresuid 1000", setresuid(1000, 1000, 1000));

	say("-- bits\n");
	R("open f600 r", open(D "/f600", O_RDONLY));
	R("open f644 r", open(D "/f644", O_RDONLY));
	R("open f644 w", open(D "/f644", O_WRONLY));
	R("open g3000 rw (supplementary group)", open(D "/g3000", O_RDWR));
	R("open o_only r (owner bits only)", open(D "/o_only", O_RDONLY));
	R("open f644 O_TRUNC", open(D "/f644", O_RDONLY | O_TRUNC));
	R("truncate f644", truncate(D "/f644", 0));
	R("access f644 R_OK", access(D "/f644", R_OK));
	R("access f644 W_OK", access(D "/f644", W_OK));
	R("access f644 X_OK", access(D "/f644", X_OK));
	struct stat st;
	R("stat f600 (stat needs no bits)", stat(D "/f600", &st));
	show_owner("/proc/meminfo", "/proc/meminfo");

	say("-- search\n");
	R("stat d700", stat(D "/d700", &st));
	R("stat d700/x", stat(D "/d700/x", &st));
	R("open d700/x", open(D "/d700/x", O_RDONLY));
	R("open d700 dir", open(D "/d700", O_RDONLY | O_DIRECTORY));
	R("chdir d700", chdir(D "/d700"));
	R("unlink d700/none", unlink(D "/d700/none"));
	R("stat d711/x (search only)", stat(D "/d711/x", &st));
	R("open d711 dir (no read)", open(D "/d711", O_RDONLY | O_DIRECTORY));

	say("-- directory writes\n");
	R("create in 755 dir", open(D "/new", O_CREAT | O_WRONLY, 0644));
	R("mkdir in 755 dir", mkdir(D "/newdir", 0755));
	R("mknod fifo in 755 dir", mknod(D "/newfifo", S_IFIFO | 0644, 0));
	R("symlink in 755 dir", symlink("x", D "/newlink"));
	R("unlink f644 in 755 dir", unlink(D "/f644"));
	R("rename f644 in 755 dir", rename(D "/f644", D "/dw/f644"));
	R("rmdir dw in 755 dir", rmdir(D "/dw"));
	R("mkdir existing in 755 dir", mkdir(D "/d700", 0755));
	R("create in dw", open(D "/dw/new", O_CREAT | O_WRONLY, 0640));
	show_owner("dw/new", D "/dw/new");
	R("mkdir in dw", mkdir(D "/dw/sub", 0750));
	show_owner("dw/sub", D "/dw/sub");
	R("rename dw/sub into dw/sub2", rename(D "/dw/sub", D "/dw/sub2"));
	R("rename root's dir to other parent", rename(D "/dw/rootdir", D "/st/rootdir"));
	R("unlink dw/new", unlink(D "/dw/new"));

	say("-- sticky\n");
	R("unlink st/rootfile", unlink(D "/st/rootfile"));
	R("rename st/rootfile", rename(D "/st/rootfile", D "/st/x"));
	R("rename over st/rootfile", rename(D "/st/userfile", D "/st/rootfile"));
	R("create st/mine", open(D "/st/mine", O_CREAT | O_WRONLY, 0600));
	R("unlink st/mine", unlink(D "/st/mine"));
	R("unlink st/userfile (own)", unlink(D "/st/userfile"));
	R("unlink ust/rootfile (dir owner)", unlink(D "/ust/rootfile"));

	say("-- chmod\n");
	R("chmod f644", chmod(D "/f644", 0666));
	R("chmod mine 600", chmod(D "/mine", 0600));
	R("chmod mine 2755 (not in group 0)", chmod(D "/mine", 02755));
	show_owner("mine", D "/mine");
	R("chmod mine3000 2755 (in group)", chmod(D "/mine3000", 02755));
	show_owner("mine3000", D "/mine3000");

	say("-- chown\n");
	R("chown mine 0", chown(D "/mine", 0, -1));
	R("chown mine 1000:-1", chown(D "/mine", 1000, -1));
	R("chown mine -1:3000", chown(D "/mine", -1, 3000));
	show_owner("mine", D "/mine");
	R("chown mine -1:5", chown(D "/mine", -1, 5));
	R("chown f644 -1:1000", chown(D "/f644", -1, 1000));
	R("chmod mine 6755", chmod(D "/mine", 06755));
	R("chown mine -1:1000", chown(D "/mine", -1, 1000));
	show_owner("mine after chown", D "/mine");

	say("-- utimensat\n");
	struct timespec ts[2] = {{1000, 0}, {2000, 0}};
	struct timespec now_omit[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
	R("utimensat f666 NULL", utimensat(AT_FDCWD, D "/f666", NULL, 0));
	R("utimensat f666 NOW,OMIT", utimensat(AT_FDCWD, D "/f666", now_omit, 0));
	R("utimensat f666 explicit", utimensat(AT_FDCWD, D "/f666", ts, 0));
	R("utimensat f644 NULL", utimensat(AT_FDCWD, D "/f644", NULL, 0));
	R("utimensat mine explicit", utimensat(AT_FDCWD, D "/mine", ts, 0));

	say("-- set-group-ID directory\n");
	R("create in sg", open(D "/sg/f", O_CREAT | O_WRONLY, 02775));
	show_owner("sg/f", D "/sg/f");
	R("mkdir in sg", mkdir(D "/sg/d", 0755));
	show_owner("sg/d", D "/sg/d");

	say("-- O_NOATIME and exec\n");
	R("open f644 O_NOATIME", open(D "/f644", O_RDONLY | O_NOATIME));
	R("open mine O_NOATIME", open(D "/mine", O_RDONLY | O_NOATIME));
	char *argv[] = {"x", NULL};
	R("execve f644", execve(D "/f644", argv, argv + 1));
	R("execve x700 (root's)", execve(D "/x700", argv, argv + 1));

	say("-- capabilities\n");
	R("mknod char device in dw", mknod(D "/dw/null", S_IFCHR | 0666, makedev(1, 3)));
	R("mknod fifo in dw", mknod(D "/dw/fifo", S_IFIFO | 0666, 0));
	R("chroot dw", chroot(D "/dw"));
	R("chroot d700", chroot(D "/d700"));
	R("mount tmpfs on dw", mount("none", D "/dw", "tmpfs", 0, NULL));
	R("umount2 dw", umount2(D "/dw", 0));
	int p[2];
	pipe(p);
	R("F_SETPIPE_SZ 1 MiB", fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
	R("F_SETPIPE_SZ 2 MiB", fcntl(p[1], F_SETPIPE_SZ, 2 << 20));
	struct stat pst;
	fstat(p[0], &pst);
	say("pipe owner: uid %u gid %u\n", pst.st_uid, pst.st_gid);
}

int main(void)
{
	char old[64]; /* a tree left by an earlier run in the same boot goes aside */
	snprintf(old, sizeof(old), D ".%d", (int)getpid());
	rename(D, old);
	mkdir(D, 0755);
	mkfile(D "/f600", 0600, 0, 0);
	mkfile(D "/f644", 0644, 0, 0);
	mkfile(D "/f666", 0666, 0, 0);
	mkfile(D "/x700", 0700, 0, 0);
	mkfile(D "/g3000", 0660, 0, 3000);
	mkfile(D "/o_only", 0044, 1000, 0);
	mkfile(D "/mine", 0644, 1000, 0);
	mkfile(D "/mine3000", 0644, 1000, 3000);
	mkdir(D "/d700", 0700);
	mkfile(D "/d700/x", 0644, 0, 0);
	mkdir(D "/d711", 0711);
	mkfile(D "/d711/x", 0644, 0, 0);
	mkdir(D "/dw", 0777);
	chmod(D "/dw", 0777);
	mkdir(D "/dw/rootdir", 0755);
	mkdir(D "/st", 0777);
	chmod(D "/st", 01777);
	mkfile(D "/st/rootfile", 0666, 0, 0);
	mkfile(D "/st/userfile", 0644, 1000, 1000);
	mkdir(D "/ust", 0777);
	chown(D "/ust", 1000, 1000);
	chmod(D "/ust", 01777);
	mkfile(D "/ust/rootfile", 0644, 0, 0);
	mkdir(D "/sg", 0777);
	chown(D "/sg", 0, 2000);
	chmod(D "/sg", 02777);

	say("-- root\n");
	R("root open f600 rw", open(D "/f600", O_RDWR));
	R("root open d700/x (0000 dir)", (chmod(D "/d700", 0), open(D "/d700/x", O_RDONLY)));
	chmod(D "/d700", 0700);
	char *argv[] = {"x", NULL};
	R("root execve f644 (no x bit)", execve(D "/f644", argv, argv + 1));
	R("root access f644 X_OK", access(D "/f644", X_OK));
	R("root access x700 X_OK", access(D "/x700", X_OK));
	R("root create in sg", open(D "/sg/root", O_CREAT | O_WRONLY, 0644));
	show_owner("sg/root", D "/sg/root");
	R("root mknod char device", mknod(D "/null", S_IFCHR | 0666, makedev(1, 3)));
	int rp[2];
	pipe(rp);
	R("root F_SETPIPE_SZ 2 MiB", fcntl(rp[1], F_SETPIPE_SZ, 2 << 20));

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		as_user();
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);
	done();
}
