/*
 * path.h — path-name arithmetic (no file system access): joining a
 * relative path to a directory and reducing it to canonical absolute form.
 */
#pragma once

#include <types.h>

#define PATH_MAX 4096
#define NAME_MAX 255

/*
 * Writes the canonical absolute form of `path` (relative paths taken from
 * directory `base`, itself absolute) into out: "//" and "." components
 * removed, ".." dropping the previous component ("/.." is "/"). Returns the
 * length, or -ENAMETOOLONG if a component is longer than NAME_MAX or the
 * result does not fit. *trailing_slash reports whether path ended in "/"
 * (which requires the result to be a directory).
 */
int __must_check path_normalize(const char *base, const char *path, char *out, size_t out_size, bool *trailing_slash);
