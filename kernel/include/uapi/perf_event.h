/*
 * uapi/perf_event.h — perf_event_open(2)'s ABI as Linux 6.1 has it
 * (include/uapi/linux/perf_event.h): the attribute struct (128 bytes,
 * PERF_ATTR_SIZE_VER7), the event types and software events, the read
 * formats, the flags of the call and the ioctls on the descriptor.
 */
#pragma once

#include <types.h>

enum perf_type_id {
	PERF_TYPE_HARDWARE = 0,
	PERF_TYPE_SOFTWARE = 1,
	PERF_TYPE_TRACEPOINT = 2,
	PERF_TYPE_HW_CACHE = 3,
	PERF_TYPE_RAW = 4,
	PERF_TYPE_BREAKPOINT = 5,
};

enum perf_sw_ids {
	PERF_COUNT_SW_CPU_CLOCK = 0,
	PERF_COUNT_SW_TASK_CLOCK = 1,
	PERF_COUNT_SW_PAGE_FAULTS = 2,
	PERF_COUNT_SW_CONTEXT_SWITCHES = 3,
	PERF_COUNT_SW_CPU_MIGRATIONS = 4,
	PERF_COUNT_SW_PAGE_FAULTS_MIN = 5,
	PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6,
	PERF_COUNT_SW_ALIGNMENT_FAULTS = 7,
	PERF_COUNT_SW_EMULATION_FAULTS = 8,
	PERF_COUNT_SW_DUMMY = 9,
	PERF_COUNT_SW_BPF_OUTPUT = 10,
	PERF_COUNT_SW_CGROUP_SWITCHES = 11,
	PERF_COUNT_SW_MAX,
};

#define PERF_FORMAT_TOTAL_TIME_ENABLED (1u << 0)
#define PERF_FORMAT_TOTAL_TIME_RUNNING (1u << 1)
#define PERF_FORMAT_ID (1u << 2)
#define PERF_FORMAT_GROUP (1u << 3)
#define PERF_FORMAT_LOST (1u << 4)
#define PERF_FORMAT_MAX (1u << 5)

#define PERF_SAMPLE_MAX (1ull << 25) /* 6.1: PERF_SAMPLE_CODE_PAGE_SIZE is the last */

#define PERF_ATTR_SIZE_VER0 64
#define PERF_ATTR_SIZE_VER7 128

/* The bits of perf_event_attr.flags (Linux's bitfield, first bit first). */
#define PERF_ATTR_DISABLED (1ull << 0)
#define PERF_ATTR_INHERIT (1ull << 1)
#define PERF_ATTR_EXCLUDE_USER (1ull << 4)
#define PERF_ATTR_EXCLUDE_KERNEL (1ull << 5)
#define PERF_ATTR_FREQ (1ull << 10)
#define PERF_ATTR_ENABLE_ON_EXEC (1ull << 12)
#define PERF_ATTR_NAMESPACES (1ull << 28)
#define PERF_ATTR_CGROUP (1ull << 32)
#define PERF_ATTR_REMOVE_ON_EXEC (1ull << 36)
#define PERF_ATTR_SIGTRAP (1ull << 37)
#define PERF_ATTR_RESERVED_1 (~0ull << 38) /* __reserved_1: must be zero */

struct perf_event_attr {
	u32 type;
	u32 size;
	u64 config;
	u64 sample_period; /* or sample_freq with PERF_ATTR_FREQ */
	u64 sample_type;
	u64 read_format;
	u64 flags;
	u32 wakeup_events;
	u32 bp_type;
	u64 config1;
	u64 config2;
	u64 branch_sample_type;
	u64 sample_regs_user;
	u32 sample_stack_user;
	s32 clockid;
	u64 sample_regs_intr;
	u32 aux_watermark;
	u16 sample_max_stack;
	u16 __reserved_2;
	u32 aux_sample_size;
	u32 __reserved_3;
	u64 sig_data;
};
_Static_assert(sizeof(struct perf_event_attr) == PERF_ATTR_SIZE_VER7 &&
		       offsetof(struct perf_event_attr, config2) == PERF_ATTR_SIZE_VER0,
	       "struct perf_event_attr, Linux 6.1");

#define PERF_FLAG_FD_NO_GROUP (1u << 0)
#define PERF_FLAG_FD_OUTPUT (1u << 1)
#define PERF_FLAG_PID_CGROUP (1u << 2)
#define PERF_FLAG_FD_CLOEXEC (1u << 3)
#define PERF_FLAG_ALL 0xfu

#define PERF_IOC_FLAG_GROUP 1u

/* _IO('$', n), _IOW('$', n, size), _IOR('$', n, size), _IOWR */
#define PERF_EVENT_IOC_ENABLE 0x2400u
#define PERF_EVENT_IOC_DISABLE 0x2401u
#define PERF_EVENT_IOC_REFRESH 0x2402u
#define PERF_EVENT_IOC_RESET 0x2403u
#define PERF_EVENT_IOC_PERIOD 0x40082404u
#define PERF_EVENT_IOC_SET_OUTPUT 0x2405u
#define PERF_EVENT_IOC_SET_FILTER 0x40082406u
#define PERF_EVENT_IOC_ID 0x80082407u
#define PERF_EVENT_IOC_SET_BPF 0x40042408u
#define PERF_EVENT_IOC_PAUSE_OUTPUT 0x40042409u
#define PERF_EVENT_IOC_QUERY_BPF 0xc008240au
#define PERF_EVENT_IOC_MODIFY_ATTRIBUTES 0x4008240bu
