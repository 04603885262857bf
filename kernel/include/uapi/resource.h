/* uapi/resource.h — resource limits (Linux include/uapi/asm-generic/resource.h;
 * arm64 takes the generic numbering): the index of each in
 * thread_group.rlimits, as getrlimit/setrlimit/prlimit64 number them. */
#pragma once

#define RLIMIT_CPU 0	     /* CPU time in seconds */
#define RLIMIT_FSIZE 1	     /* largest file size */
#define RLIMIT_DATA 2	     /* data segment (brk and private writable mappings) */
#define RLIMIT_STACK 3	     /* main stack size */
#define RLIMIT_CORE 4	     /* core file size */
#define RLIMIT_RSS 5	     /* resident set size (not enforced, as Linux) */
#define RLIMIT_NPROC 6	     /* processes of the real user */
#define RLIMIT_NOFILE 7	     /* one more than the highest fd */
#define RLIMIT_MEMLOCK 8     /* bytes of locked memory */
#define RLIMIT_AS 9	     /* address space size */
#define RLIMIT_LOCKS 10	     /* file locks */
#define RLIMIT_SIGPENDING 11 /* queued signals */
#define RLIMIT_MSGQUEUE 12   /* POSIX message queue bytes */
#define RLIMIT_NICE 13	     /* ceiling of the nice value: 20 - limit */
#define RLIMIT_RTPRIO 14     /* real-time priority ceiling */
#define RLIMIT_RTTIME 15     /* real-time CPU time in microseconds */
#define RLIM_NLIMITS 16

#define RLIM_INFINITY (~0UL)

/* getrusage: whose usage (include/uapi/linux/resource.h) */
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
