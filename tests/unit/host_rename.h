/*
 * host_rename.h — forced (-include) into every host unit-test compilation.
 *
 * The kernel defines memcpy, strlen, snprintf... under their standard names.
 * On the host those would clash with (or silently interpose on) the C library
 * that cmocka and ASan use, so the kernel's versions are renamed k_<name> at
 * preprocessing time. Tests call the standard name and get the kernel's code;
 * each test binary links kernel/lib/string.c (and format.c if it prints).
 *
 * When you add a standard-named function to the kernel, add it here too.
 */
#pragma once

#define memcpy k_memcpy
#define memmove k_memmove
#define memset k_memset
#define memcmp k_memcmp
#define memchr k_memchr
#define memcpy_normal k_memcpy_normal
#define strlen k_strlen
#define strnlen k_strnlen
#define strcmp k_strcmp
#define strncmp k_strncmp
#define strchr k_strchr
#define strrchr k_strrchr
#define snprintf k_snprintf
#define vsnprintf k_vsnprintf
