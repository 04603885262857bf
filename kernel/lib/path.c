/*
 * path.c — canonical absolute path names (see path.h). Pure string work: a
 * ".." here is lexical, which equals the file system's answer as long as
 * there are no symbolic links (the initramfs has none yet).
 */
#include <path.h>

#include <string.h>
#include <uapi/errno.h>

/* Appends one component to out[0..*len); handles "." and "..". */
static int push_component(char *out, size_t out_size, size_t *len, const char *name, size_t n)
{
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	if (n == 0 || (n == 1 && name[0] == '.'))
		return 0;
	if (n == 2 && name[0] == '.' && name[1] == '.') {
		while (*len > 1 && out[*len - 1] != '/')
			(*len)--;
		if (*len > 1)
			(*len)--; /* the slash before the dropped component */
		out[*len] = '\0';
		return 0;
	}
	size_t need = *len + (*len > 1 ? 1 : 0) + n + 1;
	if (need > out_size)
		return -ENAMETOOLONG;
	if (*len > 1)
		out[(*len)++] = '/';
	memcpy(out + *len, name, n);
	*len += n;
	out[*len] = '\0';
	return 0;
}

static int push_path(char *out, size_t out_size, size_t *len, const char *path)
{
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *start = p;
		while (*p && *p != '/')
			p++;
		int err = push_component(out, out_size, len, start, (size_t)(p - start));
		if (err)
			return err;
	}
	return 0;
}

int path_normalize(const char *base, const char *path, char *out, size_t out_size, bool *trailing_slash)
{
	if (out_size < 2)
		return -ENAMETOOLONG;
	size_t len = 1;
	out[0] = '/';
	out[1] = '\0';
	size_t plen = strlen(path);
	*trailing_slash = plen > 0 && path[plen - 1] == '/';
	if (path[0] != '/') {
		int err = push_path(out, out_size, &len, base);
		if (err)
			return err;
	}
	int err = push_path(out, out_size, &len, path);
	return err ? err : (int)len;
}
