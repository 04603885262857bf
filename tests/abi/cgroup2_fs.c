/*
 * cgroup2_fs.c — the cgroup v2 file system (Documentation/admin-guide/
 * cgroup-v2.rst; Linux kernel/cgroup/cgroup.c): mount -t cgroup2 shows
 * the one hierarchy; mkdir makes a cgroup with the core's control files,
 * rmdir removes it only when no live process is in it and it has no child
 * (EBUSY); writing a pid to cgroup.procs moves that process and
 * /proc/PID/cgroup names its cgroup ("0::/path"); cgroup.events says
 * whether a live process is in it or below; a zombie is no member;
 * cgroup.threads moves a thread only within its cgroup (EOPNOTSUPP);
 * cgroup.max.depth and max.descendants refuse mkdir (EAGAIN); clone3's
 * CLONE_INTO_CGROUP starts a child in a cgroup, with
 * cgroup_css_set_fork's errors (EBADF, EINVAL, ENOENT, EACCES); the
 * hierarchy outlives its mount. Only what a kernel without controllers
 * shows alike is printed (the root's cgroup.controllers lists Linux's).
 */
#include "fs_test.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define CG "/tmp/cg"
#define CLONE_INTO_CGROUP_FLAG 0x200000000ULL

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static void show_file(const char *label, const char *path)
{
	char text[512];
	if (slurp_file(path, text, sizeof text) < 0)
		snprintf(text, sizeof text, "(cannot open: %s)\n", errname(errno));
	say("%s: [%s]\n", label, text);
}

static void put(const char *label, const char *path, const char *text)
{
	R(label, write_sysctl(path, text));
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* A child that waits for a byte on the pipe, then exits. */
static pid_t sleeper(int *release)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	*release = p[1];
	return pid;
}

/* Is pid (alone) the content of the cgroup.procs-style file at path? */
static int lists_only(const char *path, pid_t pid)
{
	char text[256], want[32];
	slurp_file(path, text, sizeof text);
	snprintf(want, sizeof want, "%d\n", (int)pid);
	return strcmp(text, want) == 0;
}

/* cgroup.stat's first line: nr_dying_descendants depends on when Linux frees removed cgroups */
static void show_descendants(const char *label, const char *path)
{
	char text[256];
	slurp_file(path, text, sizeof text);
	char *nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	say("%s: %s\n", label, text);
}

static void show_pid_cgroup(const char *label, pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
	show_file(label, path);
}

static long clone3_into(int cgroup_fd, size_t size, uint64_t cgroup)
{
	struct clone_args_v2 args;
	memset(&args, 0, sizeof args);
	args.flags = CLONE_INTO_CGROUP_FLAG;
	args.exit_signal = SIGCHLD;
	args.cgroup = cgroup_fd >= 0 ? (uint64_t)cgroup_fd : cgroup;
	return syscall(SYS_clone3, &args, size);
}

static void hierarchy(void)
{
	int release;
	pid_t pid = sleeper(&release);
	char path[64];
	R("mkdir a", mkdir(CG "/a", 0755));
	struct stat st;
	stat(CG "/a", &st);
	say("a: mode %o, nlink %d\n", (unsigned)st.st_mode, (int)st.st_nlink);
	const char *files[] = {"cgroup.procs", "cgroup.threads", "cgroup.controllers", "cgroup.subtree_control",
			       "cgroup.type",  "cgroup.events",	 "cgroup.max.depth",   "cgroup.max.descendants",
			       "cgroup.stat"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, CG "/a/%s", files[i]);
		stat(path, &st);
		say("a/%s: %s, mode %o, size %ld\n", files[i], exists(path) ? "there" : "missing", (unsigned)st.st_mode,
		    (long)st.st_size);
	}
	show_file("a/cgroup.controllers", CG "/a/cgroup.controllers");
	show_file("a/cgroup.subtree_control", CG "/a/cgroup.subtree_control");
	show_file("a/cgroup.type", CG "/a/cgroup.type");
	show_file("a/cgroup.events", CG "/a/cgroup.events");
	show_file("a/cgroup.procs, empty", CG "/a/cgroup.procs");
	show_file("a/cgroup.max.depth", CG "/a/cgroup.max.depth");
	show_descendants("root cgroup.stat", CG "/cgroup.stat");

	snprintf(path, sizeof path, "%d", (int)pid);
	put("move the child to a", CG "/a/cgroup.procs", path);
	yesno("a/cgroup.procs lists it", lists_only(CG "/a/cgroup.procs", pid));
	yesno("a/cgroup.threads lists its thread", lists_only(CG "/a/cgroup.threads", pid));
	show_file("a/cgroup.events", CG "/a/cgroup.events");
	show_pid_cgroup("its /proc/PID/cgroup", pid);
	expect_err("rmdir a, populated", rmdir(CG "/a"), errno, EBUSY);
	R("mkdir a/b", mkdir(CG "/a/b", 0700));
	put("move it to a/b", CG "/a/b/cgroup.procs", path);
	show_file("a/cgroup.procs after", CG "/a/cgroup.procs");
	show_file("a/cgroup.events, populated below", CG "/a/cgroup.events");
	show_pid_cgroup("its /proc/PID/cgroup", pid);
	expect_err("rmdir a, with a child", rmdir(CG "/a"), errno, EBUSY);
	show_descendants("root cgroup.stat", CG "/cgroup.stat");

	expect_err("cgroup.procs: not a number", write_sysctl(CG "/a/cgroup.procs", "x1"), errno, EINVAL);
	expect_err("cgroup.procs: negative", write_sysctl(CG "/a/cgroup.procs", "-3"), errno, EINVAL);
	expect_err("cgroup.procs: no such pid", write_sysctl(CG "/a/cgroup.procs", "4000000"), errno, ESRCH);
	expect_err("cgroup.threads: to another domain", write_sysctl(CG "/a/cgroup.threads", "0"), errno, EOPNOTSUPP);
	put("cgroup.threads: within its own", CG "/cgroup.threads", "0");
	expect_err("subtree_control +nosuch", write_sysctl(CG "/a/cgroup.subtree_control", "+nosuch"), errno, EINVAL);
	put("subtree_control blank", CG "/a/cgroup.subtree_control", "  \n");
	expect_err("cgroup.type bogus", write_sysctl(CG "/a/cgroup.type", "bogus"), errno, EINVAL);
	expect_err("write cgroup.events", write_sysctl(CG "/a/cgroup.events", "1"), errno, EINVAL);
	expect_err("unlink a control file", unlink(CG "/a/cgroup.procs"), errno, EPERM);
	expect_err("create a file", open(CG "/a/newfile", O_CREAT | O_WRONLY, 0644), errno, EACCES);
	expect_err("rename a cgroup", rename(CG "/a/b", CG "/a/b2"), errno, EPERM);
	expect_err("mkdir with a newline", mkdir(CG "/a/x\ny", 0755), errno, EINVAL);

	put("0 moves the caller to a", CG "/a/cgroup.procs", "0\n");
	show_file("own /proc/self/cgroup", "/proc/self/cgroup");
	put("and back to the root", CG "/cgroup.procs", "0");
	show_file("own /proc/self/cgroup", "/proc/self/cgroup");

	put("a: max.depth 1", CG "/a/cgroup.max.depth", "1");
	show_file("a/cgroup.max.depth", CG "/a/cgroup.max.depth");
	expect_err("mkdir a/b/c, too deep", mkdir(CG "/a/b/c", 0755), errno, EAGAIN);
	expect_err("a: max.depth -1", write_sysctl(CG "/a/cgroup.max.depth", "-1"), errno, ERANGE);
	put("a: max.depth max", CG "/a/cgroup.max.depth", "max");
	put("a/b: max.descendants 0", CG "/a/b/cgroup.max.descendants", "0");
	expect_err("mkdir a/b/c, too many", mkdir(CG "/a/b/c", 0755), errno, EAGAIN);
	R("mkdir a/c", mkdir(CG "/a/c", 0755));
	show_descendants("a/cgroup.stat", CG "/a/cgroup.stat");

	/* a zombie is no member: a/b empties and can go */
	put("move the child to a/c", CG "/a/c/cgroup.procs", path);
	close(release);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	show_file("a/c/cgroup.procs, a zombie", CG "/a/c/cgroup.procs");
	show_file("a/c/cgroup.events", CG "/a/c/cgroup.events");
	show_pid_cgroup("the zombie's /proc/PID/cgroup", pid);
	R("rmdir a/c", rmdir(CG "/a/c"));
	show_pid_cgroup("the zombie's /proc/PID/cgroup", pid);
	expect_err("cgroup.procs of a removed cgroup", write_sysctl(CG "/a/c/cgroup.procs", "0"), errno, ENOENT);
	waitpid(pid, NULL, 0);
	R("rmdir a/b", rmdir(CG "/a/b"));
	R("rmdir a", rmdir(CG "/a"));
	show_descendants("root cgroup.stat", CG "/cgroup.stat");
}

static void clone_into(void)
{
	R("mkdir k", mkdir(CG "/k", 0755));
	int fd = open(CG "/k", O_PATH | O_DIRECTORY);
	long pid = clone3_into(fd, sizeof(struct clone_args_v2), 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	say("clone3 CLONE_INTO_CGROUP: %s\n", pid > 0 ? "a child" : errname(errno));
	yesno("k/cgroup.procs lists it", lists_only(CG "/k/cgroup.procs", (pid_t)pid));
	show_pid_cgroup("its /proc/PID/cgroup", (pid_t)pid);
	kill((pid_t)pid, SIGKILL);
	waitpid((pid_t)pid, NULL, 0);
	show_file("k/cgroup.events after", CG "/k/cgroup.events");

	int file = open(CG "/k/cgroup.procs", O_RDONLY);
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
	expect_err("clone3 into a control file", clone3_into(file, sizeof(struct clone_args_v2), 0), errno, EBADF);
	expect_err("clone3 into /tmp", clone3_into(tmp, sizeof(struct clone_args_v2), 0), errno, EBADF);
	expect_err("clone3 into a closed fd", clone3_into(999, sizeof(struct clone_args_v2), 0), errno, EBADF);
	expect_err("clone3 cgroup past INT_MAX", clone3_into(-1, sizeof(struct clone_args_v2), 1ull << 31), errno,
		   EINVAL);
	expect_err("clone3 CLONE_INTO_CGROUP, VER0 size", clone3_into(fd, 64, 0), errno, EINVAL);

	pid_t user = fork();
	if (user == 0) {
		if (setuid(1000))
			_exit(9);
		expect_err("clone3 into k as uid 1000", clone3_into(fd, sizeof(struct clone_args_v2), 0), errno,
			   EACCES);
		expect_err("cgroup.procs write as uid 1000", write_sysctl(CG "/k/cgroup.procs", "0"), errno, EACCES);
		expect_err("mkdir k/u as uid 1000", mkdir(CG "/k/u", 0755), errno, EACCES);
		_exit(0);
	}
	waitpid(user, NULL, 0);
	R("chown k and its cgroup.procs to 1000", chown(CG "/k", 1000, 1000) | chown(CG "/k/cgroup.procs", 1000, 1000));
	user = fork();
	if (user == 0) {
		if (setuid(1000))
			_exit(9);
		/* the common ancestor with the root is the root: its cgroup.procs is root's */
		expect_err("still: the root's cgroup.procs decides", write_sysctl(CG "/k/cgroup.procs", "0"), errno,
			   EACCES);
		R("mkdir k/u as uid 1000", mkdir(CG "/k/u", 0755));
		struct stat st;
		stat(CG "/k/u/cgroup.procs", &st);
		say("k/u/cgroup.procs owner %d:%d\n", (int)st.st_uid, (int)st.st_gid);
		_exit(0);
	}
	waitpid(user, NULL, 0);
	R("rmdir k/u", rmdir(CG "/k/u"));
	R("rmdir k", rmdir(CG "/k"));
	expect_err("clone3 into a removed cgroup", clone3_into(fd, sizeof(struct clone_args_v2), 0), errno, ENOENT);
	close(fd);
	close(file);
	close(tmp);
}

int main(void)
{
	mkdir(CG, 0755);
	R("mount cgroup2", mount("none", CG, "cgroup2", 0, NULL));
	struct statfs sfs;
	statfs(CG, &sfs);
	say("f_type %lx\n", (unsigned long)sfs.f_type);
	show_file("own /proc/self/cgroup", "/proc/self/cgroup");
	const char *root_files[] = {
		"cgroup.procs",	    "cgroup.threads",	      "cgroup.controllers", "cgroup.subtree_control",
		"cgroup.max.depth", "cgroup.max.descendants", "cgroup.stat",	    "cgroup.type",
		"cgroup.events"};
	for (size_t i = 0; i < sizeof root_files / sizeof root_files[0]; i++) {
		char path[64];
		snprintf(path, sizeof path, CG "/%s", root_files[i]);
		say("root %s: %s\n", root_files[i], exists(path) ? "there" : "missing");
	}
	show_file("root cgroup.subtree_control", CG "/cgroup.subtree_control");
	hierarchy();
	clone_into();

	/* the hierarchy outlives its mounts; options go with each mount */
	R("mkdir p", mkdir(CG "/p", 0755));
	R("umount", umount(CG));
	expect_err("mount cgroup2 -o bogus", mount("none", CG, "cgroup2", 0, "bogus"), errno, EINVAL);
	R("mount cgroup2 -o memory_recursiveprot,nsdelegate",
	  mount("none", CG, "cgroup2", 0, "memory_recursiveprot,nsdelegate"));
	yesno("p is still there", exists(CG "/p"));
	char mounts[8192];
	slurp_file("/proc/self/mounts", mounts, sizeof mounts);
	char *line = strstr(mounts, " " CG " ");
	char *end = line ? strchr(line, '\n') : NULL;
	if (end)
		*end = '\0';
	say("mounts line:%s\n", line ? line : " (none)");
	R("rmdir p", rmdir(CG "/p"));
	R("umount", umount(CG));
	R("mount cgroup2 again, no options", mount("none", CG, "cgroup2", 0, NULL));
	slurp_file("/proc/self/mounts", mounts, sizeof mounts);
	line = strstr(mounts, " " CG " ");
	end = line ? strchr(line, '\n') : NULL;
	if (end)
		*end = '\0';
	say("mounts line:%s\n", line ? line : " (none)");
	R("umount", umount(CG));
	rmdir(CG);
	done();
	return 0;
}
