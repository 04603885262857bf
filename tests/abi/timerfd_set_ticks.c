/*
 * timerfd_set_ticks.c — TFD_IOC_SET_TICKS (Linux 6.1 fs/timerfd.c
 * timerfd_ioctl, built with CONFIG_CHECKPOINT_RESTORE as Debian's kernel
 * is): the count a read returns is set (a disarmed timer becomes readable,
 * poll says so), 0 is EINVAL, a bad pointer EFAULT, another request ENOTTY.
 */
#include "lvtest.h"

#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>

#define TFD_IOC_SET_TICKS_ _IOW('T', 0, uint64_t)

int main(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	uint64_t v = 0;
	errno = 0;
	show_ret("read of a fresh timer", read(fd, &v, sizeof v), errno);
	struct pollfd p = {fd, POLLIN, 0};
	say("poll before: %d\n", poll(&p, 1, 0));
	uint64_t five = 5, zero = 0;
	errno = 0;
	show_ret("set 5 ticks", ioctl(fd, TFD_IOC_SET_TICKS_, &five), errno);
	say("poll after: %d revents %#x\n", poll(&p, 1, 0), p.revents);
	errno = 0;
	ssize_t n = read(fd, &v, sizeof v);
	say("read: %zd, %llu\n", n, (unsigned long long)v);
	errno = 0;
	show_ret("set 0 ticks", ioctl(fd, TFD_IOC_SET_TICKS_, &zero), errno);
	errno = 0;
	show_ret("from a bad pointer", ioctl(fd, TFD_IOC_SET_TICKS_, (void *)8), errno);
	errno = 0;
	show_ret("another request", ioctl(fd, _IOW('T', 1, uint64_t), &five), errno);
	struct itimerspec its = {.it_value = {1000, 0}};
	timerfd_settime(fd, 0, &its, NULL);
	errno = 0;
	show_ret("set 2 on an armed timer", ioctl(fd, TFD_IOC_SET_TICKS_, &(uint64_t){2}), errno);
	n = read(fd, &v, sizeof v);
	say("read: %zd, %llu\n", n, (unsigned long long)v);
	errno = 0;
	show_ret("read again", read(fd, &v, sizeof v), errno);
	close(fd);
	done();
	return 0;
}
