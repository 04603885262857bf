/* uffd_test.h — shared by the userfaultfd tests: the descriptor, a handler
 * thread that reads one fault and resolves it with the ioctl it is told,
 * and R() for a call's result. */
#pragma once
#include "fs_test.h"

#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGE 4096

/* The ABI of <linux/userfaultfd.h> (musl has no kernel headers). */
#define UFFD_API 0xAAull
#define _UFFDIO_REGISTER 0x00
#define _UFFDIO_UNREGISTER 0x01
#define _UFFDIO_WAKE 0x02
#define _UFFDIO_COPY 0x03
#define _UFFDIO_ZEROPAGE 0x04
#define _UFFDIO_CONTINUE 0x07
#define _UFFDIO_API 0x3F
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_PAGEFAULT_FLAG_WRITE 1
#define UFFD_PAGEFAULT_FLAG_MINOR 4
#define UFFD_FEATURE_SIGBUS (1ull << 7)
#define UFFD_FEATURE_THREAD_ID (1ull << 8)
#define UFFD_FEATURE_MINOR_SHMEM (1ull << 10)
#define UFFD_FEATURE_EXACT_ADDRESS (1ull << 11)
#define UFFD_USER_MODE_ONLY 1
#define UFFDIO_REGISTER_MODE_MISSING 1ull
#define UFFDIO_REGISTER_MODE_WP 2ull
#define UFFDIO_REGISTER_MODE_MINOR 4ull

struct uffd_msg {
	unsigned char event;
	unsigned char reserved1;
	unsigned short reserved2;
	unsigned reserved3;
	union {
		struct {
			unsigned long long flags;
			unsigned long long address;
			unsigned ptid;
		} __attribute__((packed)) pagefault;
		unsigned long long reserved[3];
	} arg;
} __attribute__((packed));
struct uffdio_api {
	unsigned long long api, features, ioctls;
};
struct uffdio_range {
	unsigned long long start, len;
};
struct uffdio_register {
	struct uffdio_range range;
	unsigned long long mode, ioctls;
};
struct uffdio_copy {
	unsigned long long dst, src, len, mode;
	long long copy;
};
struct uffdio_zeropage {
	struct uffdio_range range;
	unsigned long long mode;
	long long zeropage;
};
struct uffdio_continue {
	struct uffdio_range range;
	unsigned long long mode;
	long long mapped;
};
#define UFFDIO_API _IOWR(0xAA, _UFFDIO_API, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(0xAA, _UFFDIO_REGISTER, struct uffdio_register)
#define UFFDIO_UNREGISTER _IOR(0xAA, _UFFDIO_UNREGISTER, struct uffdio_range)
#define UFFDIO_WAKE _IOR(0xAA, _UFFDIO_WAKE, struct uffdio_range)
#define UFFDIO_COPY _IOWR(0xAA, _UFFDIO_COPY, struct uffdio_copy)
#define UFFDIO_ZEROPAGE _IOWR(0xAA, _UFFDIO_ZEROPAGE, struct uffdio_zeropage)
#define UFFDIO_CONTINUE _IOWR(0xAA, _UFFDIO_CONTINUE, struct uffdio_continue)

static int uffd_open(int flags)
{
	int fd = (int)syscall(SYS_userfaultfd, flags);
	if (fd < 0) {
		say("userfaultfd: %s\n", errname(errno));
		exit(1);
	}
	return fd;
}

static int uffd_api(int fd, unsigned long long features)
{
	struct uffdio_api api = {.api = UFFD_API, .features = features};
	return ioctl(fd, UFFDIO_API, &api);
}

static int uffd_register(int fd, void *start, size_t len, unsigned long long mode)
{
	struct uffdio_register reg = {.range = {.start = (unsigned long)start, .len = len}, .mode = mode};
	return ioctl(fd, UFFDIO_REGISTER, &reg);
}

/* How the handler thread resolves the fault it reads. */
enum resolve { BY_COPY, BY_ZEROPAGE, BY_CONTINUE, BY_CLOSE };

struct handler {
	int fd;
	enum resolve how;
	char fill;	     /* BY_COPY: the byte of the copied page */
	char *base;	     /* the registered range, to print offsets */
	struct uffd_msg msg; /* what it read */
	long long result;    /* the ioctl's result field */
	int ret, err;	     /* the ioctl's return and errno */
};

static void *handler_main(void *arg)
{
	struct handler *h = arg;
	struct pollfd p = {.fd = h->fd, .events = POLLIN};
	if (poll(&p, 1, -1) != 1 || read(h->fd, &h->msg, sizeof h->msg) != sizeof h->msg) {
		h->ret = -2;
		return NULL;
	}
	unsigned long page = h->msg.arg.pagefault.address & ~(unsigned long)(PAGE - 1);
	if (h->how == BY_COPY) {
		static char src[PAGE] __attribute__((aligned(PAGE)));
		memset(src, h->fill, PAGE);
		struct uffdio_copy c = {.dst = page, .src = (unsigned long)src, .len = PAGE};
		h->ret = ioctl(h->fd, UFFDIO_COPY, &c);
		h->result = c.copy;
	} else if (h->how == BY_ZEROPAGE) {
		struct uffdio_zeropage z = {.range = {.start = page, .len = PAGE}};
		h->ret = ioctl(h->fd, UFFDIO_ZEROPAGE, &z);
		h->result = z.zeropage;
	} else if (h->how == BY_CONTINUE) {
		struct uffdio_continue c = {.range = {.start = page, .len = PAGE}};
		h->ret = ioctl(h->fd, UFFDIO_CONTINUE, &c);
		h->result = c.mapped;
	} else {
		h->ret = close(h->fd);
	}
	h->err = errno;
	return NULL;
}

static void handler_start(pthread_t *t, struct handler *h)
{
	pthread_create(t, NULL, handler_main, h);
}

/* Joins the handler and prints what it saw and did. */
static void handler_report(pthread_t t, struct handler *h)
{
	pthread_join(t, NULL);
	unsigned long long flags = h->msg.arg.pagefault.flags;
	say("  event 0x%x write %d minor %d page offset %ld\n", h->msg.event, !!(flags & UFFD_PAGEFAULT_FLAG_WRITE),
	    !!(flags & UFFD_PAGEFAULT_FLAG_MINOR),
	    (long)((char *)(unsigned long)h->msg.arg.pagefault.address - h->base));
	if (h->how == BY_CLOSE)
		show_ret("  close", h->ret, h->err);
	else
		say("  resolve: ret %d%s%s result %lld\n", h->ret, h->ret ? " errno " : "",
		    h->ret ? errname(h->err) : "", h->result);
}
