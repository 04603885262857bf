/* uapi/timerfd.h — timerfd_create's and timerfd_settime's flags (Linux
 * include/uapi/linux/timerfd.h). */
#pragma once

#include <uapi/fcntl.h>

#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
