/*
 * path.h — the limits on path names (include/uapi/linux/limits.h): a whole
 * name with its NUL at most PATH_MAX bytes, one component at most NAME_MAX.
 * Names are walked component by component (fs/namei.c), never rewritten as
 * strings.
 */
#pragma once

#define PATH_MAX 4096
#define NAME_MAX 255
