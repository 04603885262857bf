/*
 * uts.h — the names uname(2) gives, shared with /proc/version and
 * /proc/sys/kernel/{ostype,osrelease,hostname} so they always agree. The
 * host and domain names start as UTS_NODENAME and UTS_DOMAINNAME and
 * change with sethostname(2) and setdomainname(2) (syscall/sys_proc.c).
 */
#pragma once

#define UTS_NAME_LEN 64 /* Linux __NEW_UTS_LEN: the longest name, without its NUL */

/* Copies the current host and domain names (each UTS_NAME_LEN + 1 bytes;
 * either pointer may be NULL). */
void uts_get_names(char *nodename, char *domainname);

#define UTS_SYSNAME "Linux"
#define UTS_NODENAME "levitate"
#define UTS_RELEASE "6.1.0-levitate"
#define UTS_VERSION "#1 SMP LevitateOS " __DATE__
#define UTS_MACHINE "aarch64"
#define UTS_DOMAINNAME "(none)"
