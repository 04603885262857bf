/* uapi/aio_abi.h — native AIO's ABI (Linux include/uapi/linux/aio_abi.h;
 * the ring header is fs/aio.c's struct aio_ring, which libaio reads; the
 * RWF_* flags are include/uapi/linux/fs.h's). */
#pragma once

#include <types.h>

#define IOCB_CMD_PREAD 0
#define IOCB_CMD_PWRITE 1
#define IOCB_CMD_FSYNC 2
#define IOCB_CMD_FDSYNC 3
#define IOCB_CMD_POLL 5
#define IOCB_CMD_NOOP 6
#define IOCB_CMD_PREADV 7
#define IOCB_CMD_PWRITEV 8

#define IOCB_FLAG_RESFD (1u << 0)
#define IOCB_FLAG_IOPRIO (1u << 1)

#define RWF_HIPRI 0x01u
#define RWF_DSYNC 0x02u
#define RWF_SYNC 0x04u
#define RWF_NOWAIT 0x08u
#define RWF_APPEND 0x10u
#define RWF_SUPPORTED (RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND)

/* struct iocb (little-endian field order) */
struct iocb_user {
	u64 aio_data;
	u32 aio_key; /* the kernel writes 0 (KIOCB_KEY); io_cancel wants it */
	u32 aio_rw_flags;
	u16 aio_lio_opcode;
	s16 aio_reqprio;
	u32 aio_fildes;
	u64 aio_buf;
	u64 aio_nbytes;
	s64 aio_offset;
	u64 aio_reserved2;
	u32 aio_flags;
	u32 aio_resfd;
};
_Static_assert(sizeof(struct iocb_user) == 64, "struct iocb");

struct io_event_user {
	u64 data; /* the iocb's aio_data */
	u64 obj;  /* the iocb's user address */
	s64 res;
	s64 res2;
};
_Static_assert(sizeof(struct io_event_user) == 32, "struct io_event");

/* struct __aio_sigset: io_pgetevents' signal mask */
struct aio_sigset_user {
	u64 sigmask;
	u64 sigsetsize;
};

#define AIO_RING_MAGIC 0xa10a10a1u
#define AIO_RING_COMPAT_FEATURES 1u
#define AIO_RING_INCOMPAT_FEATURES 0u

/* The ring's header, at the context's address, followed by its events. */
struct aio_ring_user {
	u32 id;	  /* the context's index in its mm's table (lookup reads it) */
	u32 nr;	  /* events the ring holds */
	u32 head; /* written by user space (libaio reaps) or io_getevents */
	u32 tail;
	u32 magic;
	u32 compat_features;
	u32 incompat_features;
	u32 header_length; /* sizeof(struct aio_ring_user) */
};
_Static_assert(sizeof(struct aio_ring_user) == 32, "struct aio_ring");
