/* uapi/sockios.h — socket ioctl request numbers (Linux include/uapi/linux/sockios.h
 * and include/uapi/asm-generic/sockios.h). */
#pragma once

#include <uapi/ioctls.h>

#define SIOCINQ FIONREAD   /* bytes queued to read */
#define SIOCOUTQ TIOCOUTQ  /* bytes queued to send, not yet acknowledged */
#define SIOCOUTQNSD 0x894B /* bytes queued and not yet sent (TCP) */
#define SIOCATMARK 0x8905  /* at the urgent mark (asm-generic/sockios.h) */
#define SIOCGIFNAME 0x8910 /* the interfaces: struct ifreq, struct ifconf */
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMETRIC 0x891d
#define SIOCGIFMTU 0x8921
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFMAP 0x8970
#define SIOCGIFINDEX 0x8933
#define SIOCGIFTXQLEN 0x8942
