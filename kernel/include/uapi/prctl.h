/* uapi/prctl.h — prctl(2)'s options (Linux include/uapi/linux/prctl.h): the
 * ones this kernel implements and the ones the system-call tracer names. */
#pragma once

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_SECCOMP 21
#define PR_SET_SECCOMP 22
#define PR_CAPBSET_READ 23
#define PR_CAPBSET_DROP 24
#define PR_GET_SECUREBITS 27
#define PR_SET_SECUREBITS 28
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_SET_MM 35
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_SET_THP_DISABLE 41
#define PR_GET_THP_DISABLE 42
#define PR_SVE_SET_VL 50
#define PR_SVE_GET_VL 51
#define PR_PAC_RESET_KEYS 54
#define PR_SET_TAGGED_ADDR_CTRL 55
#define PR_GET_TAGGED_ADDR_CTRL 56
#define PR_SET_VMA 0x53564d41
#define PR_GET_AUXV 0x41555856

/* The securebits (include/uapi/linux/securebits.h): SECBIT_NOROOT,
 * NO_SETUID_FIXUP, KEEP_CAPS, NO_CAP_AMBIENT_RAISE, each with its lock bit
 * just above it. */
#define SECURE_ALL_BITS 0x55u
#define SECURE_ALL_LOCKS (SECURE_ALL_BITS << 1)

/* PR_SET_DUMPABLE's and PR_GET_DUMPABLE's values (prctl(2); Linux names them
 * in include/linux/sched/coredump.h: the ABI's numbers, not in its uapi). */
#define SUID_DUMP_DISABLE 0
#define SUID_DUMP_USER 1
#define SUID_DUMP_ROOT 2
