/*
 * proc_ns_ioctl.c — the namespace file ioctls (Linux fs/nsfs.c ns_ioctl,
 * include/uapi/linux/nsfs.h) on each /proc/self/ns file of a process in
 * the initial namespaces: NS_GET_NSTYPE is the CLONE_NEW* type;
 * NS_GET_PARENT is EPERM for pid and user (the initial ones have no parent)
 * and EINVAL for the rest; NS_GET_USERNS gives a close-on-exec descriptor
 * of the initial user namespace, except on the user namespace itself
 * (EPERM); NS_GET_OWNER_UID is the user namespace's owner (0), EINVAL
 * elsewhere; another ioctl is ENOTTY.
 */
#include "lvtest.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>

#define NS_GET_USERNS 0xb701
#define NS_GET_PARENT 0xb702
#define NS_GET_NSTYPE 0xb703
#define NS_GET_OWNER_UID 0xb704

static const char *const names[] = {"net",  "uts", "ipc",    "pid",  "pid_for_children",
				    "user", "mnt", "cgroup", "time", "time_for_children"};

static void read_link(const char *path, char *text, size_t cap)
{
	ssize_t n = readlink(path, text, cap - 1);
	text[n > 0 ? n : 0] = 0;
}

static void ioctls_of(const char *name)
{
	char path[64], user[64], got[64];
	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	int fd = open(path, O_RDONLY);
	long type = ioctl(fd, NS_GET_NSTYPE);
	say("%s: NS_GET_NSTYPE %#lx\n", name, type);
	long r = ioctl(fd, NS_GET_PARENT);
	say("%s: NS_GET_PARENT %s\n", name, r < 0 ? errname(errno) : "a descriptor");
	r = ioctl(fd, NS_GET_USERNS);
	if (r >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%ld", r);
		read_link(path, got, sizeof(got));
		read_link("/proc/self/ns/user", user, sizeof(user));
		say("%s: NS_GET_USERNS: our user namespace %s, close-on-exec %s\n", name,
		    strcmp(got, user) == 0 ? "yes" : "no", fcntl((int)r, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
		close((int)r);
	} else {
		say("%s: NS_GET_USERNS %s\n", name, errname(errno));
	}
	unsigned uid = 77;
	r = ioctl(fd, NS_GET_OWNER_UID, &uid);
	say("%s: NS_GET_OWNER_UID %s, uid %u\n", name, r < 0 ? errname(errno) : "ok", uid);
	close(fd);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ioctls_of(names[i]);
	int fd = open("/proc/self/ns/uts", O_RDONLY);
	expect_err("another ioctl", ioctl(fd, 0xb7ff), errno, ENOTTY);
	done();
	return 0;
}
