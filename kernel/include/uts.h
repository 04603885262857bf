/*
 * uts.h — the names uname(2) gives, shared with /proc/version and
 * /proc/sys/kernel/{ostype,osrelease,hostname} so they always agree.
 */
#pragma once

#define UTS_SYSNAME "Linux"
#define UTS_NODENAME "levitate"
#define UTS_RELEASE "6.1.0-levitate"
#define UTS_VERSION "#1 SMP LevitateOS " __DATE__
#define UTS_MACHINE "aarch64"
#define UTS_DOMAINNAME "(none)"
