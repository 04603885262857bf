/* unix_test.h — shared by the AF_UNIX collector tests (unix_gc_cycle.c,
 * unix_gc_embryo.c): a socket's inode, how many of some inodes
 * /proc/net/unix lists (after a close that runs the collector), and
 * passing one descriptor with SCM_RIGHTS. */
#pragma once
#include "lvtest.h"

#include <sys/socket.h>
#include <sys/stat.h>

static char unix_text[1 << 16];

static inline unsigned long ino_of(int fd)
{
	struct stat st;
	fstat(fd, &st);
	return (unsigned long)st.st_ino;
}

/* How many of the inodes /proc/net/unix lists. */
static inline int listed(const unsigned long *inos, int n)
{
	slurp_file("/proc/net/unix", unix_text, sizeof unix_text);
	int found = 0;
	for (char *line = strchr(unix_text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		unsigned long ino = 0;
		if (sscanf(line + 1, "%*s %*s %*s %*s %*s %*s %lu", &ino) != 1)
			continue;
		for (int i = 0; i < n; i++)
			found += ino == inos[i];
	}
	return found;
}

/* Closes one more AF_UNIX socket (a release runs the collector), then waits
 * a bounded while for the count to drop to 0 (a collector may run later). */
static inline int listed_after_a_close(const unsigned long *inos, int n)
{
	close(socket(AF_UNIX, SOCK_DGRAM, 0));
	for (int i = 0; i < 200 && listed(inos, n); i++)
		usleep(10000);
	return listed(inos, n);
}

static inline int send_fd(int via, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = "f", .iov_len = 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return (int)sendmsg(via, &mh, 0);
}

static inline int recv_fd(int from)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {0}, b;
	struct iovec iov = {.iov_base = &b, .iov_len = 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	if (recvmsg(from, &mh, 0) < 0)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	int fd = -1;
	if (c && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}
