/* anon_fd_test.h — shared by the tests of anonymous-inode descriptors
 * (eventfd, signalfd): show_anon_fd prints its O_NONBLOCK and FD_CLOEXEC
 * flags and what /proc/self/fd shows for it (anon_inode:[kind]). */
#pragma once
#include "lvtest.h"

static inline void show_anon_fd(int fd)
{
	say("flags: nonblock %d cloexec %d\n", !!(fcntl(fd, F_GETFL) & O_NONBLOCK),
	    !!(fcntl(fd, F_GETFD) & FD_CLOEXEC));
	char link[64] = "", path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t ln = readlink(path, link, sizeof link - 1);
	say("link: %s\n", ln > 0 ? link : errname(errno));
}
