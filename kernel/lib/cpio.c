/*
 * cpio.c — cpio "newc" reader (see cpio.h; format as in Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst).
 *
 * An entry is a 110-byte ASCII header ("070701" or "070702", then thirteen
 * 8-digit hex fields), the NUL-terminated name, padding to a multiple of 4,
 * the file data, padding to a multiple of 4. The name "TRAILER!!!" ends an
 * archive. Offsets are size_t and each step is checked with range_ok before
 * the bytes are touched; the final padding of the last entry may be missing.
 */
#include "cpio.h"

#include "string.h"
#include "uapi/errno.h"

#define CPIO_HEADER_SIZE 110u
#define CPIO_TRAILER "TRAILER!!!"

/* Field indices, in header order after the 6-byte magic. */
enum {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	F_COUNT
};

static bool range_ok(size_t off, size_t len, size_t limit)
{
	return off <= limit && len <= limit - off;
}

static bool is_magic(const u8 *p)
{
	return memcmp(p, "07070", 5) == 0 && (p[5] == '1' || p[5] == '2');
}

static int hex_field(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static int parse_header(const u8 *h, u32 f[F_COUNT])
{
	if (!is_magic(h))
		return -EINVAL;
	for (int i = 0; i < F_COUNT; i++) {
		if (hex_field(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	}
	return 0;
}

static void fill_entry(struct cpio_entry *out, const u32 f[F_COUNT])
{
	out->mode = f[F_MODE];
	out->ino = f[F_INO];
	out->nlink = f[F_NLINK];
	out->mtime = f[F_MTIME];
	out->uid = f[F_UID];
	out->gid = f[F_GID];
	out->rdev_major = f[F_RDEVMAJOR];
	out->rdev_minor = f[F_RDEVMINOR];
	out->size = f[F_FILESIZE];
}

/* Decode the entry at off; on success *next is the offset after it. */
static int read_entry(const u8 *a, size_t size, size_t off, struct cpio_entry *out, size_t *next)
{
	u32 f[F_COUNT];
	size_t name_off, data_off;

	if (off % 4 || !range_ok(off, CPIO_HEADER_SIZE, size))
		return -EINVAL;
	if (parse_header(a + off, f))
		return -EINVAL;
	name_off = off + CPIO_HEADER_SIZE;
	if (f[F_NAMESIZE] == 0 || !range_ok(name_off, f[F_NAMESIZE], size))
		return -EINVAL;
	if (a[name_off + f[F_NAMESIZE] - 1] != '\0')
		return -EINVAL;
	data_off = ALIGN_UP(name_off + f[F_NAMESIZE], (size_t)4);
	if (!range_ok(data_off, f[F_FILESIZE], size))
		return -EINVAL;
	fill_entry(out, f);
	out->name = (const char *)a + name_off;
	out->name_len = strlen(out->name); /* NUL at namesize - 1 bounds this */
	out->data = a + data_off;
	*next = MIN(ALIGN_UP(data_off + f[F_FILESIZE], (size_t)4), size);
	return 0;
}

/* Skip NUL padding between concatenated archives. */
static size_t skip_zeros(const u8 *a, size_t size, size_t off)
{
	while (off < size && a[off] == 0)
		off++;
	return off;
}

int cpio_next(const void *archive, size_t archive_size, size_t *offset, struct cpio_entry *out)
{
	const u8 *a = archive;
	size_t off = *offset;

	for (;;) {
		size_t next;
		int err;

		off = skip_zeros(a, archive_size, off);
		if (off >= archive_size) {
			*offset = archive_size;
			return 0;
		}
		err = read_entry(a, archive_size, off, out, &next);
		if (err)
			return err;
		off = next;
		if (strcmp(out->name, CPIO_TRAILER) != 0)
			break;
	}
	*offset = off;
	return 1;
}

/* Strip a leading "./" and any leading "/" (so "/", "." and "./" become ""). */
static const char *skip_prefix(const char *p, size_t *len)
{
	if (*len >= 2 && p[0] == '.' && p[1] == '/') {
		p += 2;
		*len -= 2;
	} else if (*len == 1 && p[0] == '.') {
		p++;
		*len = 0;
	}
	while (*len && *p == '/') {
		p++;
		(*len)--;
	}
	return p;
}

int cpio_find(const void *archive, size_t size, const char *path, struct cpio_entry *out)
{
	size_t want_len = strlen(path);
	const char *want = skip_prefix(path, &want_len);
	size_t off = 0;
	int ret;

	while ((ret = cpio_next(archive, size, &off, out)) == 1) {
		size_t len = out->name_len;
		const char *name = skip_prefix(out->name, &len);
		if (len == want_len && memcmp(name, want, len) == 0)
			return 0;
	}
	return ret == 0 ? -ENOENT : ret;
}
