/* uapi/kcmp.h — kcmp's comparison types (Linux include/uapi/linux/kcmp.h). */
#pragma once

#define KCMP_FILE 0
#define KCMP_VM 1
#define KCMP_FILES 2
#define KCMP_FS 3
#define KCMP_SIGHAND 4
#define KCMP_IO 5
#define KCMP_SYSVSEM 6
#define KCMP_EPOLL_TFD 7
