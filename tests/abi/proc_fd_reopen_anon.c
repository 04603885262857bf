/*
 * proc_fd_reopen_anon.c — /proc/self/fd/N of files that are not opened by
 * name: a socket gives ENXIO (sockfs inodes cannot be opened), an eventfd
 * ENXIO (anon_inodefs: no_open), a memfd opens again (it is a shmem file)
 * and sees the same bytes; O_PATH opens of each work. readlink still shows
 * their text ("socket:[", "anon_inode:[eventfd]", "/memfd:NAME (deleted)").
 */
#include "fs_test.h"
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>

static void show_link(const char *label, int fd, size_t prefix)
{
	char path[64], link[128] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? (size_t)n < prefix ? (size_t)n : prefix : 0] = '\0';
	say("%s link: %s\n", label, link);
}

static int reopen(int fd, int flags)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return open(path, flags);
}

int main(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	show_link("socket", sv[0], 8);
	R("open a socket through /proc", reopen(sv[0], O_RDWR));
	R("O_PATH of a socket", reopen(sv[0], O_PATH));

	int e = eventfd(0, 0);
	show_link("eventfd", e, 100);
	R("open an eventfd through /proc", reopen(e, O_RDWR));
	R("O_PATH of an eventfd", reopen(e, O_PATH));

	int m = memfd_create("pfd", 0);
	write(m, "memfd bytes", 11);
	show_link("memfd", m, 100);
	int m2 = reopen(m, O_RDONLY);
	R("open a memfd through /proc", m2);
	char buf[16] = "";
	say("read %zd: %.11s\n", read(m2, buf, sizeof buf), buf);
	int m3 = reopen(m, O_RDWR);
	say("write through a second open %zd\n", pwrite(m3, "M", 1, 0));
	memset(buf, 0, sizeof buf);
	say("pread the first %zd: %.11s\n", pread(m, buf, sizeof buf, 0), buf);
	done();
	return 0;
}
