/*
 * mount_api_fsopen.c — the file-system context calls (Linux 6.1
 * fs/fsopen.c, fs/fs_context.c, fs/namespace.c): fsopen makes an
 * "anon_inode:[fscontext]" descriptor, fsconfig sets its parameters one at
 * a time (an unknown one or a bad value is EINVAL at once, with a message
 * read(2) gives back) and creates the file system, fsmount makes a detached
 * mount of it usable through its O_PATH descriptor, move_mount puts it in
 * the tree; fspick opens a mounted file system's context again to change it
 * (ro, rw). Each call's argument checks in Linux's order.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#define NR_MOVE_MOUNT 429
#define NR_FSOPEN 430
#define NR_FSCONFIG 431
#define NR_FSMOUNT 432
#define NR_FSPICK 433

#define CLOEXEC_FLAG 0x1 /* FSOPEN_CLOEXEC, FSMOUNT_CLOEXEC, FSPICK_CLOEXEC */
#define SET_FLAG 0
#define SET_STRING 1
#define SET_BINARY 2
#define SET_PATH 3
#define SET_FD 5
#define CMD_CREATE 6
#define CMD_RECONFIGURE 7
#define ATTR_NODEV 0x4
#define ATTR_NOATIME 0x10
#define ATTR_STRICTATIME 0x20
#define F_EMPTY_PATH 0x4

static long fsopen_(const char *name, unsigned flags)
{
	return syscall(NR_FSOPEN, name, flags);
}

static long fsconfig_(int fd, unsigned cmd, const char *key, const void *value, int aux)
{
	return syscall(NR_FSCONFIG, fd, cmd, key, value, aux);
}

static long fsmount_(int fd, unsigned flags, unsigned attr)
{
	return syscall(NR_FSMOUNT, fd, flags, attr);
}

static long move_mount_(int from_dfd, const char *from, int to_dfd, const char *to, unsigned flags)
{
	return syscall(NR_MOVE_MOUNT, from_dfd, from, to_dfd, to, flags);
}

/* Every message the context holds, then read's answer when none is left. */
static void messages(const char *label, int fd)
{
	char buf[256];
	for (int i = 0; i < 8; i++) {
		errno = 0;
		ssize_t n = read(fd, buf, sizeof buf - 1);
		if (n < 0) {
			say("%s: read: %s\n", label, errname(errno));
			return;
		}
		buf[n] = '\0';
		say("%s: message [%s]\n", label, buf);
	}
}

/* The mount options, file system type, source and super options of path's mountinfo line. */
static void show_mountinfo(const char *label, const char *path)
{
	static char text[16384];
	if (slurp_file("/proc/self/mountinfo", text, sizeof text) < 0)
		return;
	const char *found = "(not mounted)";
	static char out[1024];
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char where[256], opts[256], type[64], source[64], super[256];
		char *dash = strstr(line, " - ");
		if (sscanf(line, "%*d %*d %*s %*s %255s %255s", where, opts) != 2 || strcmp(where, path) != 0 ||
		    !dash || sscanf(dash, " - %63s %63s %255s", type, source, super) != 3)
			continue;
		snprintf(out, sizeof out, "%s %s %s %s", opts, type, source, super);
		found = out;
	}
	say("%s: %s\n", label, found);
}

static void show_fd_name(const char *label, int fd)
{
	char link[64], target[128] = "";
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	say("%s: %s\n", label, target);
}

static void there(const char *path)
{
	say("%s: %s\n", path, access(path, F_OK) == 0 ? "there" : "missing");
}

static void argument_checks(void)
{
	R("fsopen of an unknown type", fsopen_("nosuchfs", 0));
	R("fsopen with an unknown flag", fsopen_("tmpfs", 2));
	R("fsopen of a bad name pointer", fsopen_((const char *)8, 0));
	int fd = (int)fsopen_("tmpfs", 0);
	R("fsconfig of an unknown command", fsconfig_(fd, 99, "size", "1m", 0));
	R("fsconfig SET_FLAG without a key", fsconfig_(fd, SET_FLAG, NULL, NULL, 0));
	R("fsconfig SET_FLAG with a value", fsconfig_(fd, SET_FLAG, "ro", "x", 0));
	R("fsconfig SET_STRING without a value", fsconfig_(fd, SET_STRING, "size", NULL, 0));
	R("fsconfig SET_BINARY of no length", fsconfig_(fd, SET_BINARY, "size", "1m", 0));
	R("fsconfig SET_PATH with a bad dfd", fsconfig_(fd, SET_PATH, "source", "/", -5));
	R("fsconfig SET_FD with a value", fsconfig_(fd, SET_FD, "source", "x", 0));
	R("fsconfig CMD_CREATE with a key", fsconfig_(fd, CMD_CREATE, "size", NULL, 0));
	R("fsconfig on fd -1", fsconfig_(-1, SET_FLAG, "ro", NULL, 0));
	R("fsconfig on a closed fd", fsconfig_(999, SET_FLAG, "ro", NULL, 0));
	int pipefd[2];
	if (pipe(pipefd) == 0) {
		R("fsconfig on a pipe", fsconfig_(pipefd[0], SET_FLAG, "ro", NULL, 0));
		R("fsmount of a pipe", fsmount_(pipefd[0], 0, 0));
		close(pipefd[0]);
		close(pipefd[1]);
	}
	R("fsmount of a closed fd", fsmount_(999, 0, 0));
	R("fsmount with an unknown flag", fsmount_(fd, 2, 0));
	R("fsmount with an unknown attribute", fsmount_(fd, 0, 0x1000000));
	R("fsmount with two atime settings", fsmount_(fd, 0, ATTR_NOATIME | ATTR_STRICTATIME));
	R("fsmount before the file system is made", fsmount_(fd, 0, 0));
	R("fsconfig RECONFIGURE before CREATE", fsconfig_(fd, CMD_RECONFIGURE, NULL, NULL, 0));
	R("fsconfig a bad key pointer", fsconfig_(fd, SET_FLAG, (const char *)8, NULL, 0));
	close(fd);
	R("fspick with an unknown flag", syscall(NR_FSPICK, AT_FDCWD, "/", 0x10));
	R("move_mount with an unknown flag", move_mount_(AT_FDCWD, "/tmp", AT_FDCWD, "/tmp", 0x1000));
}

int main(void)
{
	mkdir("/tmp/mapi", 0755);
	mkdir("/tmp/mapi2", 0755);
	argument_checks();

	int fd = (int)fsopen_("tmpfs", CLOEXEC_FLAG);
	R("fsopen tmpfs", fd);
	show_fd_name("its name", fd);
	say("close-on-exec: %d, access mode O_RDWR: %d\n", fcntl(fd, F_GETFD) == FD_CLOEXEC,
	    (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	messages("fresh", fd);
	R("an unknown parameter", fsconfig_(fd, SET_STRING, "bogus", "1", 0));
	R("a bad size", fsconfig_(fd, SET_STRING, "size", "abc", 0));
	R("a flag that is no parameter", fsconfig_(fd, SET_FLAG, "nosuid", NULL, 0));
	messages("after three errors", fd);
	R("size=1m", fsconfig_(fd, SET_STRING, "size", "1m", 0));
	R("mode=0750", fsconfig_(fd, SET_STRING, "mode", "0750", 0));
	R("source", fsconfig_(fd, SET_STRING, "source", "apisrc", 0));
	R("a second source", fsconfig_(fd, SET_STRING, "source", "again", 0));
	messages("after the second source", fd);
	R("CMD_CREATE", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	R("CMD_CREATE again", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	R("a parameter after CREATE", fsconfig_(fd, SET_STRING, "size", "2m", 0));

	int mfd = (int)fsmount_(fd, CLOEXEC_FLAG, ATTR_NODEV | ATTR_NOATIME);
	R("fsmount", mfd);
	R("fsmount again", fsmount_(fd, 0, 0));
	say("mount fd: O_PATH %d, close-on-exec %d\n", (fcntl(mfd, F_GETFL) & O_PATH) != 0,
	    fcntl(mfd, F_GETFD) == FD_CLOEXEC);
	char c;
	R("read of the mount fd", read(mfd, &c, 1));
	struct stat st;
	R("fstat of the mount fd", fstat(mfd, &st));
	say("root mode %o\n", st.st_mode);
	struct statfs sfs;
	R("fstatfs", fstatfs(mfd, &sfs));
	say("tmpfs magic %d, blocks %ld\n", sfs.f_type == 0x01021994, (long)sfs.f_blocks);
	struct statvfs svfs;
	R("fstatvfs", fstatvfs(mfd, &svfs));
	say("nodev %d noatime %d\n", (svfs.f_flag & ST_NODEV) != 0, (svfs.f_flag & ST_NOATIME) != 0);
	int hello = openat(mfd, "hello", O_WRONLY | O_CREAT, 0644);
	R("create a file on the detached mount", hello);
	R("write to it", write(hello, "hi\n", 3));
	close(hello);
	R("mkdir on the detached mount", mkdirat(mfd, "sub", 0755));
	show_mountinfo("before move_mount", "/tmp/mapi");

	R("move_mount without F_EMPTY_PATH", move_mount_(mfd, "", AT_FDCWD, "/tmp/mapi", 0));
	R("move_mount onto a missing place", move_mount_(mfd, "", AT_FDCWD, "/tmp/nothing/x", F_EMPTY_PATH));
	R("move_mount", move_mount_(mfd, "", AT_FDCWD, "/tmp/mapi", F_EMPTY_PATH));
	show_mountinfo("after move_mount", "/tmp/mapi");
	there("/tmp/mapi/hello");
	R("move_mount of the attached mount", move_mount_(mfd, "", AT_FDCWD, "/tmp/mapi2", F_EMPTY_PATH));
	show_mountinfo("at the first place", "/tmp/mapi");
	show_mountinfo("at the second place", "/tmp/mapi2");
	R("move_mount by name back", move_mount_(AT_FDCWD, "/tmp/mapi2", AT_FDCWD, "/tmp/mapi", 0));
	close(mfd);
	show_mountinfo("after closing the mount fd", "/tmp/mapi");

	R("fspick of a directory that is no mount", syscall(NR_FSPICK, AT_FDCWD, "/tmp/mapi/sub", 0));
	int pfd = (int)syscall(NR_FSPICK, AT_FDCWD, "/tmp/mapi", CLOEXEC_FLAG);
	R("fspick", pfd);
	show_fd_name("its name", pfd);
	R("CMD_CREATE on a picked context", fsconfig_(pfd, CMD_CREATE, NULL, NULL, 0));
	R("ro", fsconfig_(pfd, SET_FLAG, "ro", NULL, 0));
	R("RECONFIGURE", fsconfig_(pfd, CMD_RECONFIGURE, NULL, NULL, 0));
	show_mountinfo("read-only", "/tmp/mapi");
	R("create on the read-only file system", open("/tmp/mapi/new", O_WRONLY | O_CREAT, 0644));
	R("rw", fsconfig_(pfd, SET_FLAG, "rw", NULL, 0));
	R("RECONFIGURE", fsconfig_(pfd, CMD_RECONFIGURE, NULL, NULL, 0));
	int made = open("/tmp/mapi/new", O_WRONLY | O_CREAT, 0644);
	R("create after rw", made);
	close(made);
	R("fsmount of a picked context", fsmount_(pfd, 0, 0));
	int big = open("/tmp/mapi/big", O_WRONLY | O_CREAT, 0644);
	static char block[16384];
	R("write 16 KiB", write(big, block, sizeof block));
	close(big);
	R("size=2m", fsconfig_(pfd, SET_STRING, "size", "2m", 0));
	R("RECONFIGURE to 2 MiB", fsconfig_(pfd, CMD_RECONFIGURE, NULL, NULL, 0));
	show_mountinfo("2 MiB", "/tmp/mapi");
	R("size=4k", fsconfig_(pfd, SET_STRING, "size", "4k", 0));
	R("RECONFIGURE below what is used", fsconfig_(pfd, CMD_RECONFIGURE, NULL, NULL, 0));
	messages("after the failed reconfiguration", pfd);
	R("a parameter after a failure", fsconfig_(pfd, SET_FLAG, "ro", NULL, 0));
	show_mountinfo("unchanged", "/tmp/mapi");
	close(fd);
	close(pfd);

	/* devpts takes its options as one string, as Linux's legacy contexts */
	fd = (int)fsopen_("devpts", 0);
	R("fsopen devpts", fd);
	R("a path parameter to a legacy context", fsconfig_(fd, SET_PATH, "source", "/", AT_FDCWD));
	R("a second legacy source",
	  (fsconfig_(fd, SET_STRING, "source", "a", 0), fsconfig_(fd, SET_STRING, "source", "b", 0)));
	messages("devpts", fd);
	close(fd);
	R("umount", umount("/tmp/mapi"));
	there("/tmp/mapi/hello");

	/* A detached mount whose descriptor is closed goes away; a file
	 * opened in it stays usable. */
	fd = (int)fsopen_("tmpfs", 0);
	R("CMD_CREATE of a second", fsconfig_(fd, CMD_CREATE, NULL, NULL, 0));
	mfd = (int)fsmount_(fd, 0, 0);
	R("fsmount", mfd);
	int kept = openat(mfd, "kept", O_RDWR | O_CREAT, 0644);
	R("write in it", write(kept, "abc", 3));
	close(mfd);
	close(fd);
	char back[4] = "";
	R("read after the mount fd is closed", pread(kept, back, 3, 0));
	say("read back [%s]\n", back);
	close(kept);
	done();
	return 0;
}
