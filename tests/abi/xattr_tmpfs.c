/*
 * xattr_tmpfs.c — extended attributes on tmpfs (Linux 6.1 fs/xattr.c,
 * mm/shmem.c, fs/xattr.c simple_xattr_*): trusted.* and security.* for
 * root through the path, link and fd forms; XATTR_CREATE / XATTR_REPLACE;
 * a zero-length value; the size probe (size 0) and ERANGE for a short
 * buffer; listxattr's order (newest first, a replaced one keeps its place);
 * removal and ENODATA; names empty or longer than 255 (ERANGE); values over
 * 64 KiB (E2BIG); bad flags; namespaces tmpfs has no handler for
 * (EOPNOTSUPP), user.* on a symlink (EPERM); procfs (EOPNOTSUPP); an
 * O_PATH descriptor (EBADF); IN_ATTRIB for a change.
 */
#include "fs_test.h"

#include <sys/inotify.h>
#include <sys/wait.h>
#include <sys/xattr.h>

static char value[70000];

/* lvtest.h's errname does not know ENODATA */
static const char *xerr(int e)
{
	return e == ENODATA ? "ENODATA" : errname(e);
}

#define RX(label, expr)                                                   \
	do {                                                              \
		errno = 0;                                                \
		long r_ = (long)(expr);                                   \
		if (r_ < 0)                                               \
			say("%s: ret=-1 errno=%s\n", label, xerr(errno)); \
		else                                                      \
			say("%s: ret=%ld\n", label, r_ > 0 ? r_ : 0);     \
	} while (0)

static void list(const char *label, ssize_t n, const char *buf)
{
	say("%s: %zd [", label, n);
	for (ssize_t off = 0; off < n; off += (ssize_t)strlen(buf + off) + 1)
		say("%s%s", off ? " " : "", buf + off);
	say("]\n");
}

static void get(const char *label, const char *path, const char *name)
{
	char buf[64] = {0};
	errno = 0;
	ssize_t n = getxattr(path, name, buf, sizeof buf - 1);
	if (n < 0)
		say("%s: %s\n", label, xerr(errno));
	else
		say("%s: %zd '%s'\n", label, n, buf);
}

int main(void)
{
	const char *f = "/tmp/xat";
	close(open(f, O_CREAT | O_WRONLY, 0644));
	symlink("xat", "/tmp/xat-ln");
	int in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, f, IN_ATTRIB);

	RX("set trusted.a", setxattr(f, "trusted.a", "one", 3, 0));
	RX("set trusted.b", setxattr(f, "trusted.b", "two", 3, XATTR_CREATE));
	RX("set security.c", setxattr(f, "security.c", "three", 5, 0));
	RX("set trusted.empty", setxattr(f, "trusted.empty", "", 0, 0));
	get("get trusted.a", f, "trusted.a");
	get("get trusted.empty", f, "trusted.empty");
	get("get security.c", f, "security.c");
	get("get trusted.none", f, "trusted.none");
	say("probe trusted.c size: %zd\n", getxattr(f, "security.c", NULL, 0));
	char small[2];
	RX("get into 2 bytes", getxattr(f, "security.c", small, 2));

	RX("CREATE existing", setxattr(f, "trusted.a", "x", 1, XATTR_CREATE));
	RX("REPLACE missing", setxattr(f, "trusted.z", "x", 1, XATTR_REPLACE));
	RX("REPLACE existing", setxattr(f, "trusted.a", "uno", 3, XATTR_REPLACE));
	RX("both flags", setxattr(f, "trusted.a", "x", 1, XATTR_CREATE | XATTR_REPLACE));
	RX("flag 4", setxattr(f, "trusted.a", "x", 1, 4));
	get("get trusted.a", f, "trusted.a");

	char names[256];
	list("list", listxattr(f, names, sizeof names), names);
	say("list probe: %zd\n", listxattr(f, NULL, 0));
	RX("list into 10 bytes", listxattr(f, names, 10));

	RX("empty name", setxattr(f, "", "x", 1, 0));
	char longname[300];
	memset(longname, 'n', sizeof longname);
	memcpy(longname, "trusted.", 8);
	longname[256] = 0;
	RX("256-byte name", setxattr(f, longname, "x", 1, 0));
	longname[255] = 0;
	RX("255-byte name", setxattr(f, longname, "x", 1, 0));
	RX("remove it", removexattr(f, longname));
	RX("65537-byte value", setxattr(f, "trusted.big", value, 65537, 0));
	RX("65536-byte value", setxattr(f, "trusted.big", value, 65536, 0));
	say("get it back: %zd\n", getxattr(f, "trusted.big", value, sizeof value));
	RX("remove it", removexattr(f, "trusted.big"));

	RX("user.x on tmpfs", setxattr(f, "user.x", "x", 1, 0));
	get("get user.x", f, "user.x");
	RX("no namespace", setxattr(f, "plain", "x", 1, 0));
	RX("unknown namespace", setxattr(f, "other.x", "x", 1, 0));
	RX("lset user.x on the link", lsetxattr("/tmp/xat-ln", "user.x", "x", 1, 0));
	RX("lset trusted.l on the link", lsetxattr("/tmp/xat-ln", "trusted.l", "link", 4, 0));
	char lbuf[64];
	list("llist the link", llistxattr("/tmp/xat-ln", lbuf, sizeof lbuf), lbuf);
	list("list through the link", listxattr("/tmp/xat-ln", lbuf, sizeof lbuf), lbuf);
	RX("missing file", setxattr("/tmp/none", "trusted.a", "x", 1, 0));

	int fd = open(f, O_RDONLY);
	RX("fset trusted.f", fsetxattr(fd, "trusted.f", "fd", 2, 0));
	char fbuf[8] = {0};
	say("fget trusted.f: %zd '%s'\n", fgetxattr(fd, "trusted.f", fbuf, sizeof fbuf - 1), fbuf);
	list("flist", flistxattr(fd, names, sizeof names), names);
	RX("fremove trusted.f", fremovexattr(fd, "trusted.f"));
	RX("fremove again", fremovexattr(fd, "trusted.f"));
	close(fd);
	int pfd = open(f, O_PATH);
	RX("fget on O_PATH", fgetxattr(pfd, "trusted.a", fbuf, sizeof fbuf));
	close(pfd);
	RX("fget bad fd", fgetxattr(99, "trusted.a", fbuf, sizeof fbuf));

	RX("remove trusted.b", removexattr(f, "trusted.b"));
	RX("remove missing", removexattr(f, "trusted.b"));
	list("list after", listxattr(f, names, sizeof names), names);

	/* a user without CAP_SYS_ADMIN */
	pid_t pid = fork();
	if (pid == 0) {
		setresgid(1000, 1000, 1000);
		setresuid(1000, 1000, 1000);
		RX("user: set trusted.u", setxattr(f, "trusted.u", "x", 1, 0));
		get("user: get trusted.a", f, "trusted.a");
		RX("user: set security.u", setxattr(f, "security.u", "x", 1, 0));
		get("user: get security.c", f, "security.c");
		RX("user: remove security.c", removexattr(f, "security.c"));
		list("user: list", listxattr(f, names, sizeof names), names);
		RX("user: set user.x (no write permission)", setxattr(f, "user.x", "x", 1, 0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);

	RX("procfs set", setxattr("/proc/self/status", "trusted.a", "x", 1, 0));
	RX("procfs get", getxattr("/proc/self/status", "trusted.a", fbuf, sizeof fbuf));
	say("procfs list: %zd\n", listxattr("/proc/self/status", names, sizeof names));

	char ev[512];
	ssize_t n = read(in, ev, sizeof ev);
	int attribs = 0;
	for (ssize_t off = 0; off < n;
	     off += (ssize_t)sizeof(struct inotify_event) + ((struct inotify_event *)(ev + off))->len)
		attribs++;
	say("IN_ATTRIB events (merged when consecutive): %d\n", attribs);
	close(in);
	unlink("/tmp/xat-ln");
	unlink(f);
	done();
	return 0;
}
