/*
 * cgroup_procs_opener_creds.c — a write to cgroup.procs is checked with the
 * credentials of whoever opened the file, not of the writer (Linux
 * __cgroup_procs_write: override_creds(of->file->f_cred) around
 * cgroup_attach_permissions, "to protect against inherited fd attacks"):
 * the opener must be able to write the cgroup.procs of the common ancestor
 * of the source and destination cgroups. A descriptor root opened lets a
 * child that became uid 4545 move itself; one that root opened while its
 * euid was 4545 (for a cgroup 4545 owns) does not let it move itself into
 * that cgroup even once its euid is 0 again (EACCES), a fresh open does.
 */
#include "fs_test.h"

#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define CG "/tmp/cgo"

static void show_cgroup(const char *label)
{
	char text[256];
	if (slurp_file("/proc/self/cgroup", text, sizeof text) < 0)
		snprintf(text, sizeof text, "(cannot open: %s)\n", errname(errno));
	say("%s: %s", label, text);
}

static void write_pid0(const char *label, int fd)
{
	errno = 0;
	ssize_t n = write(fd, "0", 1);
	show_ret(label, n < 0 ? -1 : n, errno);
}

/* root's descriptor, an unprivileged writer */
static void root_opened(void)
{
	int fd = open(CG "/a/cgroup.procs", O_WRONLY);
	pid_t p = fork();
	if (p == 0) {
		if (syscall(SYS_setresuid, 4545, 4545, 4545) < 0)
			say("setresuid: %s\n", errname(errno));
		int own = open(CG "/a/cgroup.procs", O_WRONLY);
		say("uid 4545 opens a/cgroup.procs: %s\n", own < 0 ? errname(errno) : "opened");
		write_pid0("uid 4545 writes through root's descriptor", fd);
		show_cgroup("then");
		_exit(0);
	}
	waitpid(p, NULL, 0);
	close(fd);
}

/* a descriptor opened with euid 4545, written with euid 0 */
static void user_opened(void)
{
	pid_t p = fork();
	if (p == 0) {
		if (syscall(SYS_setresuid, -1, 4545, 0) < 0)
			say("setresuid: %s\n", errname(errno));
		int fd = open(CG "/b/cgroup.procs", O_WRONLY);
		say("euid 4545 opens b/cgroup.procs: %s\n", fd < 0 ? errname(errno) : "opened");
		if (syscall(SYS_setresuid, -1, 0, -1) < 0)
			say("setresuid back: %s\n", errname(errno));
		write_pid0("euid 0 writes through it", fd);
		show_cgroup("then");
		int fresh = open(CG "/b/cgroup.procs", O_WRONLY);
		write_pid0("euid 0 writes through its own open", fresh);
		show_cgroup("then");
		_exit(0);
	}
	waitpid(p, NULL, 0);
}

int main(void)
{
	mkdir(CG, 0755);
	R("mount cgroup2", mount("none", CG, "cgroup2", 0, NULL));
	R("mkdir a", mkdir(CG "/a", 0755));
	R("mkdir b", mkdir(CG "/b", 0755));
	R("chown b", chown(CG "/b", 4545, 4545));
	R("chown b/cgroup.procs", chown(CG "/b/cgroup.procs", 4545, 4545));
	show_cgroup("start");
	root_opened();
	user_opened();
	R("rmdir a", rmdir(CG "/a"));
	R("rmdir b", rmdir(CG "/b"));
	R("umount", umount(CG));
	say("done\n");
	return 0;
}
