/* uapi/io_uring.h — io_uring's ABI as Linux 6.1 defines it (Linux
 * include/uapi/linux/io_uring.h; the ring layout is io_uring/io_uring.c's
 * struct io_rings, whose offsets io_uring_setup reports). */
#pragma once

#include <types.h>

/* struct io_uring_sqe (64 bytes) */
struct io_uring_sqe_user {
	u8 opcode;
	u8 flags; /* IOSQE_* */
	u16 ioprio;
	s32 fd;
	u64 off; /* or addr2 */
	u64 addr;
	u32 len;
	u32 op_flags; /* rw_flags, fsync_flags, poll32_events, msg_flags, timeout_flags, accept_flags,
			 cancel_flags, open_flags, statx_flags... */
	u64 user_data;
	u16 buf_index;
	u16 personality;
	s32 file_index;
	u64 addr3;
	u64 pad2;
};

#define IOSQE_FIXED_FILE (1u << 0)
#define IOSQE_IO_DRAIN (1u << 1)
#define IOSQE_IO_LINK (1u << 2)
#define IOSQE_IO_HARDLINK (1u << 3)
#define IOSQE_ASYNC (1u << 4)
#define IOSQE_BUFFER_SELECT (1u << 5)
#define IOSQE_CQE_SKIP_SUCCESS (1u << 6)

#define IORING_SETUP_IOPOLL (1u << 0)
#define IORING_SETUP_SQPOLL (1u << 1)
#define IORING_SETUP_SQ_AFF (1u << 2)
#define IORING_SETUP_CQSIZE (1u << 3)
#define IORING_SETUP_CLAMP (1u << 4)
#define IORING_SETUP_ATTACH_WQ (1u << 5)
#define IORING_SETUP_R_DISABLED (1u << 6)
#define IORING_SETUP_SUBMIT_ALL (1u << 7)
#define IORING_SETUP_COOP_TASKRUN (1u << 8)
#define IORING_SETUP_TASKRUN_FLAG (1u << 9)
#define IORING_SETUP_SQE128 (1u << 10)
#define IORING_SETUP_CQE32 (1u << 11)
#define IORING_SETUP_SINGLE_ISSUER (1u << 12)
#define IORING_SETUP_DEFER_TASKRUN (1u << 13)

enum {
	IORING_OP_NOP,
	IORING_OP_READV,
	IORING_OP_WRITEV,
	IORING_OP_FSYNC,
	IORING_OP_READ_FIXED,
	IORING_OP_WRITE_FIXED,
	IORING_OP_POLL_ADD,
	IORING_OP_POLL_REMOVE,
	IORING_OP_SYNC_FILE_RANGE,
	IORING_OP_SENDMSG,
	IORING_OP_RECVMSG,
	IORING_OP_TIMEOUT,
	IORING_OP_TIMEOUT_REMOVE,
	IORING_OP_ACCEPT,
	IORING_OP_ASYNC_CANCEL,
	IORING_OP_LINK_TIMEOUT,
	IORING_OP_CONNECT,
	IORING_OP_FALLOCATE,
	IORING_OP_OPENAT,
	IORING_OP_CLOSE,
	IORING_OP_FILES_UPDATE,
	IORING_OP_STATX,
	IORING_OP_READ,
	IORING_OP_WRITE,
	IORING_OP_FADVISE,
	IORING_OP_MADVISE,
	IORING_OP_SEND,
	IORING_OP_RECV,
	IORING_OP_OPENAT2,
	IORING_OP_EPOLL_CTL,
	IORING_OP_SPLICE,
	IORING_OP_PROVIDE_BUFFERS,
	IORING_OP_REMOVE_BUFFERS,
	IORING_OP_TEE,
	IORING_OP_SHUTDOWN,
	IORING_OP_RENAMEAT,
	IORING_OP_UNLINKAT,
	IORING_OP_MKDIRAT,
	IORING_OP_SYMLINKAT,
	IORING_OP_LINKAT,
	IORING_OP_MSG_RING,
	IORING_OP_FSETXATTR,
	IORING_OP_SETXATTR,
	IORING_OP_FGETXATTR,
	IORING_OP_GETXATTR,
	IORING_OP_SOCKET,
	IORING_OP_URING_CMD,
	IORING_OP_SEND_ZC,
	IORING_OP_SENDMSG_ZC,
	IORING_OP_LAST,
};

#define IORING_FSYNC_DATASYNC (1u << 0)

#define IORING_TIMEOUT_ABS (1u << 0)
#define IORING_TIMEOUT_UPDATE (1u << 1)
#define IORING_TIMEOUT_BOOTTIME (1u << 2)
#define IORING_TIMEOUT_REALTIME (1u << 3)
#define IORING_LINK_TIMEOUT_UPDATE (1u << 4)
#define IORING_TIMEOUT_ETIME_SUCCESS (1u << 5)

#define IORING_POLL_ADD_MULTI (1u << 0)

#define IORING_ASYNC_CANCEL_ALL (1u << 0)
#define IORING_ASYNC_CANCEL_FD (1u << 1)
#define IORING_ASYNC_CANCEL_ANY (1u << 2)
#define IORING_ASYNC_CANCEL_FD_FIXED (1u << 3)

/* struct io_uring_cqe */
struct io_uring_cqe_user {
	u64 user_data;
	s32 res;
	u32 flags;
};

#define IORING_CQE_F_BUFFER (1u << 0)
#define IORING_CQE_F_MORE (1u << 1)
#define IORING_CQE_F_SOCK_NONEMPTY (1u << 2)

#define IORING_OFF_SQ_RING 0ULL
#define IORING_OFF_CQ_RING 0x8000000ULL
#define IORING_OFF_SQES 0x10000000ULL

#define IORING_SQ_NEED_WAKEUP (1u << 0)
#define IORING_SQ_CQ_OVERFLOW (1u << 1)
#define IORING_SQ_TASKRUN (1u << 2)

#define IORING_CQ_EVENTFD_DISABLED (1u << 0)

#define IORING_ENTER_GETEVENTS (1u << 0)
#define IORING_ENTER_SQ_WAKEUP (1u << 1)
#define IORING_ENTER_SQ_WAIT (1u << 2)
#define IORING_ENTER_EXT_ARG (1u << 3)
#define IORING_ENTER_REGISTERED_RING (1u << 4)

struct io_sqring_offsets_user {
	u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
	u64 resv2;
};

struct io_cqring_offsets_user {
	u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
	u64 resv2;
};

/* struct io_uring_params (120 bytes) */
struct io_uring_params_user {
	u32 sq_entries;
	u32 cq_entries;
	u32 flags;
	u32 sq_thread_cpu;
	u32 sq_thread_idle;
	u32 features;
	u32 wq_fd;
	u32 resv[3];
	struct io_sqring_offsets_user sq_off;
	struct io_cqring_offsets_user cq_off;
};

#define IORING_FEAT_SINGLE_MMAP (1u << 0)
#define IORING_FEAT_NODROP (1u << 1)
#define IORING_FEAT_SUBMIT_STABLE (1u << 2)
#define IORING_FEAT_RW_CUR_POS (1u << 3)
#define IORING_FEAT_CUR_PERSONALITY (1u << 4)
#define IORING_FEAT_FAST_POLL (1u << 5)
#define IORING_FEAT_POLL_32BITS (1u << 6)
#define IORING_FEAT_SQPOLL_NONFIXED (1u << 7)
#define IORING_FEAT_EXT_ARG (1u << 8)
#define IORING_FEAT_NATIVE_WORKERS (1u << 9)
#define IORING_FEAT_RSRC_TAGS (1u << 10)
#define IORING_FEAT_CQE_SKIP (1u << 11)
#define IORING_FEAT_LINKED_FILE (1u << 12)

enum {
	IORING_REGISTER_BUFFERS,
	IORING_UNREGISTER_BUFFERS,
	IORING_REGISTER_FILES,
	IORING_UNREGISTER_FILES,
	IORING_REGISTER_EVENTFD,
	IORING_UNREGISTER_EVENTFD,
	IORING_REGISTER_FILES_UPDATE,
	IORING_REGISTER_EVENTFD_ASYNC,
	IORING_REGISTER_PROBE,
	IORING_REGISTER_PERSONALITY,
	IORING_UNREGISTER_PERSONALITY,
	IORING_REGISTER_RESTRICTIONS,
	IORING_REGISTER_ENABLE_RINGS,
	IORING_REGISTER_FILES2,
	IORING_REGISTER_FILES_UPDATE2,
	IORING_REGISTER_BUFFERS2,
	IORING_REGISTER_BUFFERS_UPDATE,
	IORING_REGISTER_IOWQ_AFF,
	IORING_UNREGISTER_IOWQ_AFF,
	IORING_REGISTER_IOWQ_MAX_WORKERS,
	IORING_REGISTER_RING_FDS,
	IORING_UNREGISTER_RING_FDS,
	IORING_REGISTER_PBUF_RING,
	IORING_UNREGISTER_PBUF_RING,
	IORING_REGISTER_SYNC_CANCEL,
	IORING_REGISTER_FILE_ALLOC_RANGE,
	IORING_REGISTER_LAST,
};

#define IORING_REGISTER_USE_REGISTERED_RING (1u << 31)

#define IO_URING_OP_SUPPORTED (1u << 0)

struct io_uring_probe_op_user {
	u8 op;
	u8 resv;
	u16 flags;
	u32 resv2;
};

struct io_uring_probe_user {
	u8 last_op;
	u8 ops_len;
	u16 resv;
	u32 resv2[3];
	/* struct io_uring_probe_op_user ops[] follows */
};

/* IORING_ENTER_EXT_ARG's argument */
struct io_uring_getevents_arg_user {
	u64 sigmask;
	u32 sigmask_sz;
	u32 pad;
	u64 ts;
};
