/*
 * proc_pid_files.c — /proc for the caller (proc(5), fs/proc/array.c,
 * base.c, fd.c): /proc/self links to the pid; stat starts "pid (comm) R
 * ppid"; status has Name, Pid and PPid lines; cmdline is argv with NULs;
 * comm is the executable's base name (15 bytes at most) and a newline;
 * fd/N links to an open file's path and is listed; cwd and root link to the
 * directories, and a working directory in /proc is reported by getcwd; uptime holds two numbers; mounts lists /proc as proc; the
 * pid directory has the entries programs read; a missing entry is ENOENT.
 */
#include "fs_test.h"

static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

int main(int argc, char **argv)
{
	char buf[8192], want[256], link[256];
	ssize_t n = readlink("/proc/self", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	yesno("self is the pid", atoi(link) == getpid());
	slurp("/proc/self/stat", buf, sizeof buf);
	char comm[16];
	snprintf(comm, sizeof comm, "%s", lv_basename(argv[0]));
	snprintf(want, sizeof want, "%d (%s) R %d ", getpid(), comm, getppid());
	yesno("stat starts pid (comm) R ppid", strncmp(buf, want, strlen(want)) == 0);
	int fields = 1;
	for (char *p = strchr(buf, ')'); *p; p++)
		fields += *p == ' ';
	say("stat fields: %d\n", fields);
	slurp("/proc/self/status", buf, sizeof buf);
	snprintf(want, sizeof want, "Name:\t%s\n", comm);
	yesno("status Name", strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "\nPid:\t%d\n", getpid());
	yesno("status Pid", strstr(buf, want) != NULL);
	snprintf(want, sizeof want, "\nPPid:\t%d\n", getppid());
	yesno("status PPid", strstr(buf, want) != NULL);
	n = slurp("/proc/self/cmdline", buf, sizeof buf);
	size_t expect = 0;
	for (int i = 0; i < argc; i++)
		expect += strlen(argv[i]) + 1;
	yesno("cmdline is argv", n == (ssize_t)expect && strcmp(buf, argv[0]) == 0);
	slurp("/proc/self/comm", buf, sizeof buf);
	snprintf(want, sizeof want, "%s\n", comm);
	yesno("comm", strcmp(buf, want) == 0);
	mkdir("/tmp/ppf", 0755);
	int fd = open("/tmp/ppf/file", O_CREAT | O_RDWR, 0644);
	snprintf(want, sizeof want, "/proc/self/fd/%d", fd);
	n = readlink(want, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	say("fd link: %s\n", link);
	DIR *d = opendir("/proc/self/fd");
	int listed = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		listed |= atoi(e->d_name) == fd && e->d_name[0] != '.';
	if (d)
		closedir(d);
	yesno("fd listed", listed);
	R("missing fd", readlink("/proc/self/fd/999", link, sizeof link));
	chdir("/tmp/ppf");
	n = readlink("/proc/self/cwd", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	say("cwd link: %s\n", link);
	n = readlink("/proc/self/root", link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	say("root link: %s\n", link);
	chdir("/proc/self");
	snprintf(want, sizeof want, "/proc/%d", getpid());
	yesno("getcwd in /proc/self", getcwd(link, sizeof link) && strcmp(link, want) == 0);
	chdir("/");
	slurp("/proc/uptime", buf, sizeof buf);
	double up, idle;
	say("uptime has two numbers: %d\n", sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0);
	slurp("/proc/mounts", buf, sizeof buf);
	yesno("mounts lists /proc", strstr(buf, " /proc proc ") != NULL);
	const char *names[] = {"cmdline", "comm", "cwd", "exe", "fd", "maps", "mounts", "root", "stat", "status"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(want, sizeof want, "/proc/%d/%s", getpid(), names[i]);
		struct stat st;
		say("%s: %s\n", names[i], lstat(want, &st) == 0 ? "present" : errname(errno));
	}
	R("missing entry", open("/proc/self/nonexistent", O_RDONLY));
	close(fd);
	unlink("/tmp/ppf/file");
	rmdir("/tmp/ppf");
	done();
	return 0;
}
