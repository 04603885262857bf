/*
 * uapi/userfaultfd.h — userfaultfd(2)'s ABI (Linux include/uapi/linux/userfaultfd.h,
 * the man pages userfaultfd(2) and ioctl_userfaultfd(2)): the flags of the call,
 * the message read() gives and the ioctls on the descriptor.
 */
#pragma once

#include <types.h>
#include <uapi/fcntl.h>

#define UFFD_USER_MODE_ONLY 1 /* userfaultfd(2) flag: only faults from user mode */

#define UFFD_API 0xAAull

/* Linux's _IOC(dir, 0xAA, nr, size): dir 1 write, 2 read, 3 both. */
#define UFFD_IOC(dir, nr, size) ((unsigned)(((dir) << 30) | ((size) << 16) | (0xAA << 8) | (nr)))

#define _UFFDIO_REGISTER 0x00
#define _UFFDIO_UNREGISTER 0x01
#define _UFFDIO_WAKE 0x02
#define _UFFDIO_COPY 0x03
#define _UFFDIO_ZEROPAGE 0x04
#define _UFFDIO_MOVE 0x05
#define _UFFDIO_WRITEPROTECT 0x06
#define _UFFDIO_CONTINUE 0x07
#define _UFFDIO_POISON 0x08
#define _UFFDIO_API 0x3F

#define UFFDIO_API UFFD_IOC(3, _UFFDIO_API, 24)
#define UFFDIO_REGISTER UFFD_IOC(3, _UFFDIO_REGISTER, 32)
#define UFFDIO_UNREGISTER UFFD_IOC(2, _UFFDIO_UNREGISTER, 16)
#define UFFDIO_WAKE UFFD_IOC(2, _UFFDIO_WAKE, 16)
#define UFFDIO_COPY UFFD_IOC(3, _UFFDIO_COPY, 40)
#define UFFDIO_ZEROPAGE UFFD_IOC(3, _UFFDIO_ZEROPAGE, 32)
#define UFFDIO_CONTINUE UFFD_IOC(3, _UFFDIO_CONTINUE, 32)
/* /dev/userfaultfd's one ioctl: a new userfaultfd, its argument the flags */
#define USERFAULTFD_IOC_NEW 0xAA00u

/* read() gives whole messages of this layout (packed: 32 bytes) */
struct uffd_msg {
	u8 event;
	u8 reserved1;
	u16 reserved2;
	u32 reserved3;
	union {
		struct {
			u64 flags;
			u64 address;
			union {
				u32 ptid; /* UFFD_FEATURE_THREAD_ID */
			} feat;
		} __attribute__((packed)) pagefault;
		struct {
			u64 reserved1, reserved2, reserved3;
		} reserved;
	} arg;
} __attribute__((packed));
_Static_assert(sizeof(struct uffd_msg) == 32 && offsetof(struct uffd_msg, arg.pagefault.address) == 16 &&
		       offsetof(struct uffd_msg, arg.pagefault.feat.ptid) == 24,
	       "struct uffd_msg");

#define UFFD_EVENT_PAGEFAULT 0x12

#define UFFD_PAGEFAULT_FLAG_WRITE (1u << 0)
#define UFFD_PAGEFAULT_FLAG_WP (1u << 1)
#define UFFD_PAGEFAULT_FLAG_MINOR (1u << 2)

#define UFFD_FEATURE_PAGEFAULT_FLAG_WP (1ull << 0)
#define UFFD_FEATURE_EVENT_FORK (1ull << 1)
#define UFFD_FEATURE_EVENT_REMAP (1ull << 2)
#define UFFD_FEATURE_EVENT_REMOVE (1ull << 3)
#define UFFD_FEATURE_MISSING_HUGETLBFS (1ull << 4)
#define UFFD_FEATURE_MISSING_SHMEM (1ull << 5)
#define UFFD_FEATURE_EVENT_UNMAP (1ull << 6)
#define UFFD_FEATURE_SIGBUS (1ull << 7)
#define UFFD_FEATURE_THREAD_ID (1ull << 8)
#define UFFD_FEATURE_MINOR_HUGETLBFS (1ull << 9)
#define UFFD_FEATURE_MINOR_SHMEM (1ull << 10)
#define UFFD_FEATURE_EXACT_ADDRESS (1ull << 11)

struct uffdio_api {
	u64 api;
	u64 features;
	u64 ioctls;
};
_Static_assert(sizeof(struct uffdio_api) == 24, "struct uffdio_api");

struct uffdio_range {
	u64 start;
	u64 len;
};
_Static_assert(sizeof(struct uffdio_range) == 16, "struct uffdio_range");

#define UFFDIO_REGISTER_MODE_MISSING (1ull << 0)
#define UFFDIO_REGISTER_MODE_WP (1ull << 1)
#define UFFDIO_REGISTER_MODE_MINOR (1ull << 2)

struct uffdio_register {
	struct uffdio_range range;
	u64 mode;
	u64 ioctls; /* written by the kernel */
};
_Static_assert(sizeof(struct uffdio_register) == 32, "struct uffdio_register");

#define UFFDIO_COPY_MODE_DONTWAKE (1ull << 0)
#define UFFDIO_COPY_MODE_WP (1ull << 1)

struct uffdio_copy {
	u64 dst;
	u64 src;
	u64 len;
	u64 mode;
	s64 copy; /* written by the kernel: bytes copied or -errno */
};
_Static_assert(sizeof(struct uffdio_copy) == 40, "struct uffdio_copy");

#define UFFDIO_ZEROPAGE_MODE_DONTWAKE (1ull << 0)

struct uffdio_zeropage {
	struct uffdio_range range;
	u64 mode;
	s64 zeropage; /* written by the kernel */
};
_Static_assert(sizeof(struct uffdio_zeropage) == 32, "struct uffdio_zeropage");

#define UFFDIO_CONTINUE_MODE_DONTWAKE (1ull << 0)
#define UFFDIO_CONTINUE_MODE_WP (1ull << 1)

struct uffdio_continue {
	struct uffdio_range range;
	u64 mode;
	s64 mapped; /* written by the kernel */
};
_Static_assert(sizeof(struct uffdio_continue) == 32, "struct uffdio_continue");
