/*
 * cpio.h — reader for cpio "newc" archives (the initramfs format).
 *
 * Entries are returned in place: name and data point into the archive,
 * which must stay mapped while they are used. name is NUL-terminated
 * (name[name_len] == '\0'). Every length and offset is checked against
 * archive_size, so a corrupt archive gives -EINVAL, never a read outside it.
 * Concatenated archives (as the kernel accepts for initramfs) are read as
 * one: after a TRAILER!!! entry, zero padding is skipped and reading goes on
 * if another header follows.
 */
#pragma once

#include "types.h"

struct cpio_entry {
	const char *name;
	size_t name_len;
	const void *data;
	size_t size;
	u32 mode;
	u32 ino;
	u32 nlink;
	u32 mtime;
	u32 uid;
	u32 gid;
	u32 rdev_major;
	u32 rdev_minor;
};

/*
 * Read the entry at *offset (start with 0) and advance *offset past it.
 * Returns 1 with *out filled, 0 at the end of the last archive, or -EINVAL.
 */
int cpio_next(const void *archive, size_t archive_size, size_t *offset, struct cpio_entry *out) __must_check;

/*
 * Find path, ignoring a leading "/" or "./" on either side. Returns 0 with
 * *out filled, -ENOENT if absent, -EINVAL if the archive is corrupt before it.
 */
int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *out) __must_check;
