/*
 * uts.h — the names uname(2) gives, shared with /proc/version and
 * /proc/sys/kernel/{ostype,osrelease,hostname} so they always agree.
 * The host and domain names can be changed: core/uts.c keeps them.
 */
#pragma once

#include <types.h>

#define UTS_SYSNAME "Linux"
#define UTS_NODENAME "levitate"
#define UTS_RELEASE "6.1.0-levitate"
#define UTS_VERSION "#1 SMP LevitateOS " __DATE__
#define UTS_MACHINE "aarch64"
#define UTS_DOMAINNAME "(none)"

#define UTS_NAME_LEN 64 /* __NEW_UTS_LEN: the longest name, without its NUL */

enum uts_name { UTS_NAME_HOST, UTS_NAME_DOMAIN };
/* The current name, NUL-terminated. */
void uts_get(enum uts_name which, char out[UTS_NAME_LEN + 1]);
/* Replaces the name by name[0..len) (cut at UTS_NAME_LEN); no checks. */
void uts_set(enum uts_name which, const char *name, size_t len);
