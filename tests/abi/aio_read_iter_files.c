/*
 * aio_read_iter_files.c — which files a native AIO read reaches (Linux
 * fs/aio.c aio_read: a file without read_iter, or without read at all, is
 * EINVAL at io_submit). In 6.1 fanotify, perf_event, mqueue, /dev/kmsg,
 * fsopen's context, /proc/PID/pagemap, namespace files, inotify and
 * directories have none; eventfd and /dev/zero have one and are read.
 */
#define _GNU_SOURCE
#include "aio_test.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/syscall.h>

#define PERF_TYPE_SOFTWARE 1
#define PERF_COUNT_SW_TASK_CLOCK 1

static aio_context_t ctx;
static char buf[8192];

static void read_fd(const char *label, int fd, size_t n)
{
	if (fd < 0) {
		say("%s: could not open: %s\n", label, errname(errno));
		return;
	}
	struct iocb cb = {.aio_fildes = (uint32_t)fd,
			  .aio_lio_opcode = IOCB_CMD_PREAD,
			  .aio_buf = (uintptr_t)buf,
			  .aio_nbytes = n};
	aio_one(ctx, &cb, label);
	close(fd);
}

int main(void)
{
	if (io_setup(8, &ctx)) {
		say("io_setup: %s\n", errname(errno));
		return 1;
	}
	read_fd("fanotify", fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY), sizeof buf);
	/* struct perf_event_attr's first fields: type, size, config */
	struct {
		uint32_t type, size;
		uint64_t config;
		uint64_t rest[14];
	} attr = {.type = PERF_TYPE_SOFTWARE, .size = sizeof attr, .config = PERF_COUNT_SW_TASK_CLOCK};
	read_fd("perf_event", (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0), 8);
	struct mq_attr qa = {.mq_maxmsg = 4, .mq_msgsize = 16};
	int mq = mq_open("/aio_read_iter", O_RDWR | O_CREAT, 0600, &qa);
	mq_unlink("/aio_read_iter");
	read_fd("mqueue", mq, sizeof buf);
	read_fd("/dev/kmsg", open("/dev/kmsg", O_RDONLY | O_NONBLOCK), sizeof buf);
	read_fd("fsopen context", (int)syscall(SYS_fsopen, "tmpfs", 0), sizeof buf);
	read_fd("pagemap", open("/proc/self/pagemap", O_RDONLY), 8);
	read_fd("ns/uts", open("/proc/self/ns/uts", O_RDONLY), 8);
	read_fd("inotify", inotify_init1(IN_NONBLOCK), sizeof buf);
	read_fd("a tmpfs directory", open("/tmp", O_RDONLY | O_DIRECTORY), 8);
	read_fd("/proc", open("/proc", O_RDONLY | O_DIRECTORY), 8);
	read_fd("eventfd", eventfd(3, EFD_NONBLOCK), 8);
	read_fd("/dev/zero", open("/dev/zero", O_RDONLY), 8);
	io_destroy(ctx);
	say("done\n");
	return 0;
}
