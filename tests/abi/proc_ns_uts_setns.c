/*
 * proc_ns_uts_setns.c — namespace files (man 7 namespaces, Linux
 * fs/proc/namespaces.c and fs/nsfs.c) and setns(2) (kernel/nsproxy.c):
 * /proc/PID/ns/NAME are links whose text is "NAME:[N]"; the initial UTS
 * namespace's N is 4026531838 (PROC_UTS_INIT_INO); opening one gives an nsfs
 * file whose st_ino is N, the same for two processes in one namespace, and
 * whose /proc/self/fd/N reads as the ns link (nsfs's d_dname); setns with
 * a child's uts file moves the caller into the child's UTS namespace (uname
 * shows its name); a wrong nstype, a file that is not a namespace's and the
 * caller's own user namespace are EINVAL; without CAP_SYS_ADMIN, EPERM.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static const char *const names[] = {"net",  "uts", "ipc",    "pid",  "pid_for_children",
				    "user", "mnt", "cgroup", "time", "time_for_children"};

static unsigned long link_number(const char *path, char *text, size_t cap)
{
	ssize_t n = readlink(path, text, cap - 1);
	text[n > 0 ? n : 0] = 0;
	char *open = strchr(text, '[');
	return open ? strtoul(open + 1, NULL, 10) : 0;
}

/* "uts:[4026531838]": the kind before the colon (pid_for_children says pid). */
static void show_form(const char *name)
{
	char path[64], text[64];
	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	unsigned long num = link_number(path, text, sizeof(text));
	char *colon = strchr(text, ':');
	if (colon)
		*colon = 0;
	size_t len = strlen(colon ? colon + 1 : "");
	int bracketed = colon && colon[1] == '[' && colon[len] == ']' && num > 0;
	struct stat st;
	int s = stat(path, &st);
	say("%s: kind %s, form %s, stat %s, ino is the number %s\n", name, text, bracketed ? "ok" : "bad",
	    s ? errname(errno) : "ok", s == 0 && st.st_ino == num ? "yes" : "no");
}

static void join_child_ns(const char *child_ns)
{
	int fd = open(child_ns, O_RDONLY);
	struct stat st;
	fstat(fd, &st);
	say("an open ns file: type %s, mode %o\n", S_ISREG(st.st_mode) ? "regular" : "other", st.st_mode & 07777);
	struct statfs sf;
	fstatfs(fd, &sf);
	say("its file system: %#lx (NSFS_MAGIC)\n", (unsigned long)sf.f_type);
	char fd_link[64], text[64], want[64];
	snprintf(fd_link, sizeof(fd_link), "/proc/self/fd/%d", fd);
	link_number(fd_link, text, sizeof(text));
	link_number(child_ns, want, sizeof(want));
	yesno("its fd link reads as the ns link", strcmp(text, want) == 0);
	char c;
	expect_err("read of an ns file", read(fd, &c, 1), errno, EINVAL);
	expect_err("setns with CLONE_NEWIPC", setns(fd, CLONE_NEWIPC), errno, EINVAL);
	show_ret("setns with CLONE_NEWUTS", setns(fd, CLONE_NEWUTS), errno);
	struct utsname u;
	uname(&u);
	say("uname after setns: %s\n", u.nodename);
	show_ret("setns again with 0", setns(fd, 0), errno);
	link_number("/proc/self/ns/uts", text, sizeof(text));
	yesno("our uts link is now the child's", strcmp(text, want) == 0);
}

static void other_errors(void)
{
	int p[2];
	if (pipe(p))
		return;
	expect_err("setns on a pipe", setns(p[0], 0), errno, EINVAL);
	expect_err("setns on fd -1", setns(-1, 0), errno, EBADF);
	int user = open("/proc/self/ns/user", O_RDONLY);
	expect_err("setns into our own user namespace", setns(user, CLONE_NEWUSER), errno, EINVAL);
	int ipc = open("/proc/self/ns/ipc", O_RDONLY);
	show_ret("setns into our own ipc namespace", setns(ipc, CLONE_NEWIPC), errno);
	int uts = open("/proc/self/ns/uts", O_RDONLY);
	if (fork() == 0) {
		if (setuid(1000))
			_exit(9);
		expect_err("setns without CAP_SYS_ADMIN", setns(uts, CLONE_NEWUTS), errno, EPERM);
		_exit(0);
	}
	wait(NULL);
}

int main(void)
{
	char text[64];
	unsigned long self = link_number("/proc/self/ns/uts", text, sizeof(text));
	say("/proc/self/ns/uts -> %s\n", text);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		show_form(names[i]);

	struct stat mine, parents;
	stat("/proc/self/ns/uts", &mine);
	int go[2], ready[2];
	if (pipe(go) || pipe(ready))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		stat("/proc/self/ns/uts", &parents);
		char r = mine.st_ino == parents.st_ino && mine.st_dev == parents.st_dev ? 'y' : 'n';
		if (unshare(CLONE_NEWUTS) || sethostname("child-ns", 8))
			r = 'e';
		write(ready[1], &r, 1);
		read(go[0], &r, 1); /* stay in the namespace until the parent is done */
		_exit(0);
	}
	char r = 0;
	read(ready[0], &r, 1);
	say("a child sees the same uts file before unshare: %s\n", r == 'y'   ? "yes"
								   : r == 'e' ? "unshare failed"
									      : "no");
	char child_ns[64], child_text[64];
	snprintf(child_ns, sizeof(child_ns), "/proc/%d/ns/uts", pid);
	unsigned long child = link_number(child_ns, child_text, sizeof(child_text));
	yesno("the child's uts number differs after unshare", child != self && child != 0);

	pid_t joiner = fork();
	if (joiner == 0) {
		join_child_ns(child_ns);
		_exit(0);
	}
	waitpid(joiner, NULL, 0);
	struct utsname u;
	uname(&u);
	yesno("the parent's name is unchanged", strcmp(u.nodename, "child-ns") != 0);
	other_errors();
	write(go[1], "x", 1);
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
