/* uapi/eventfd.h — eventfd2's flags (Linux include/linux/eventfd.h; glibc's
 * <sys/eventfd.h>: the same numbers). */
#pragma once

#include <uapi/fcntl.h>

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK
