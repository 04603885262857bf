/*
 * binfmt_script.c — execve of a "#!" script (Linux fs/binfmt_script.c and
 * the handler loop of fs/exec.c exec_binprm).
 *
 * Before the ELF loader runs, binfmt_script_resolve() looks at the first
 * BINPRM_BUF_SIZE (256) bytes of the file, zero-padded past its end as
 * Linux's prepare_binprm reads them. A file starting "#!" names its
 * interpreter on that line:
 *
 *   - the line ends at the first '\n'; without one in the 256 bytes the
 *     line is the first 255 bytes, but only if the interpreter's name is
 *     followed by a space, tab or NUL inside them (a cut name is ENOEXEC;
 *     a cut argument is fine);
 *   - trailing spaces and tabs are trimmed; leading ones before the name are
 *     skipped; no name at all is ENOEXEC;
 *   - the name ends at the first space, tab or NUL; what follows (after
 *     spaces and tabs) up to the end of the line is ONE optional argument,
 *     inner spaces kept;
 *   - the new argument list is: the interpreter's name, the argument if
 *     any, the file name being executed, then the old argv without argv[0].
 *
 * The interpreter is then examined the same way (it may itself be a
 * script). Linux runs the handlers at depths 0 to 5 and fails with ELOOP at
 * depth 6, so at most six files (five scripts and the binary) are looked
 * at. At each level the "file name" put in argv is the path this level was
 * opened by (execve's path, then the previous interpreter's name,
 * bprm_change_interp). What stays of the original request: AT_EXECFN and
 * the process name (comm) are execve's path, as Linux keeps bprm->filename;
 * /proc/self/exe is the binary finally loaded.
 *
 * An interpreter that is missing is ENOENT, not executable EACCES; one
 * that is neither a script nor ELF gets the ELF loader's ENOEXEC.
 *
 * execveat of a script by a name relative to a close-on-exec descriptor
 * ("/dev/fd/N" or "/dev/fd/N/name", N closed by the exec) is ENOENT once
 * its "#!" line parsed (Linux load_script, BINPRM_FLAGS_PATH_INACCESSIBLE
 * set by fs/exec.c alloc_bprm): the interpreter could not open that name.
 */
#include <exec.h>

#include <fs.h>
#include <kmalloc.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define BINPRM_BUF_SIZE 256 /* include/uapi/linux/binfmts.h */
#define MAX_DEPTH 5	    /* fs/exec.c exec_binprm: depth > 5 is ELOOP */

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first byte in [first, last] that is not a space or tab, or NULL. */
static const char *skip_spacetab(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (!spacetab(*first))
			return first;
	return NULL;
}

/* The first space, tab or NUL in [first, last], or NULL. */
static const char *find_terminator(const char *first, const char *last)
{
	for (; first <= last; first++)
		if (spacetab(*first) || !*first)
			return first;
	return NULL;
}

/* A kmalloc'd copy of [start, end). */
static char *copy_span(const char *start, const char *end)
{
	size_t len = (size_t)(end - start);
	char *s = kmalloc(len + 1);
	if (s) {
		memcpy(s, start, len);
		s[len] = '\0';
	}
	return s;
}

/*
 * Parses the "#!" line in buf (BINPRM_BUF_SIZE bytes) as load_script does:
 * *name and *arg (NULL without one) are kmalloc'd. Returns 0, -ENOEXEC or
 * -ENOMEM.
 */
static int parse_line(const char *buf, char **name, char **arg)
{
	const char *buf_end = buf + BINPRM_BUF_SIZE - 1;
	const char *end = memchr(buf, '\n', BINPRM_BUF_SIZE);
	if (!end) {
		end = skip_spacetab(buf + 2, buf_end);
		if (!end || !find_terminator(end, buf_end))
			return -ENOEXEC; /* only blanks, or the name itself is cut */
		end = buf_end;
	}
	while (spacetab(end[-1]))
		end--;
	const char *name_start = skip_spacetab(buf + 2, end);
	if (!name_start || name_start == end)
		return -ENOEXEC;
	const char *sep = find_terminator(name_start, end);
	const char *arg_start = sep && *sep ? skip_spacetab(sep, end) : NULL;
	/* the name runs to the separator (or the end of the line) */
	const char *name_end = sep && sep < end ? sep : end;
	*name = copy_span(name_start, name_end);
	*arg = arg_start ? copy_span(arg_start, end) : NULL;
	if (!*name || (arg_start && !*arg)) {
		kfree(*name);
		kfree(*arg);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Reads the head of the executable at path (or of start, path's file
 * already open). Returns 1 if it is a script (buf filled), 0 if not (the
 * binary loader decides), or -errno (the file cannot be opened or executed).
 */
static int read_script_head(const char *path, struct file *start, char *buf)
{
	struct file *f = start;
	int err = 0;
	if (start)
		file_get(start);
	else
		err = vfs_open(path, O_RDONLY, &f);
	if (err)
		return err;
	err = exec_may_exec(f);
	if (!err) {
		memset(buf, 0, BINPRM_BUF_SIZE);
		ssize_t n = file_read_kernel(f, buf, BINPRM_BUF_SIZE, 0);
		err = n < 0 ? (int)n : (n >= 2 && buf[0] == '#' && buf[1] == '!');
	}
	file_put(f);
	return err;
}

/* Frees what the resolution allocated (its own strings and array only). */
void binfmt_script_release(struct script_chain *s)
{
	for (int i = 0; i < s->nr_owned; i++)
		kfree(s->owned[i]);
	if (s->argv_owned)
		kfree(s->argv);
	memset(s, 0, sizeof(*s));
}

/* Adds a string the chain owns (freed by binfmt_script_release). */
static void own(struct script_chain *s, char *str)
{
	if (str)
		s->owned[s->nr_owned++] = str;
}

/* argv becomes [name, arg?, file, old argv[1..]]: one level of splicing. */
static int splice_argv(struct script_chain *s, char *name, char *arg, const char *file)
{
	int keep = s->argc > 0 ? s->argc - 1 : 0; /* remove_arg_zero */
	int argc = 2 + (arg ? 1 : 0) + keep;
	const char **v = kmalloc(((size_t)argc + 1) * sizeof(char *));
	if (!v)
		return -ENOMEM;
	int n = 0;
	v[n++] = name;
	if (arg)
		v[n++] = arg;
	v[n++] = file;
	for (int i = 0; i < keep; i++)
		v[n++] = s->argv[i + 1];
	v[n] = NULL;
	if (s->argv_owned)
		kfree(s->argv);
	s->argv = v;
	s->argv_owned = true;
	s->argc = argc;
	return 0;
}

int binfmt_script_resolve(struct script_chain *s, const char *path, struct file *start, bool path_inaccessible,
			  const char *const *argv, int argc)
{
	memset(s, 0, sizeof(*s));
	s->path = path;
	s->argv = (const char **)argv;
	s->argc = argc;
	char *buf = kmalloc(BINPRM_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	int err;
	for (int depth = 0;; depth++) {
		if (depth > MAX_DEPTH) {
			err = -ELOOP;
			break;
		}
		err = read_script_head(s->path, depth == 0 ? start : NULL, buf);
		if (err <= 0)
			break; /* a binary (0) for the ELF loader, or an error */
		char *name, *arg;
		err = parse_line(buf, &name, &arg);
		if (err)
			break;
		/* load_script: the interpreter would open the script by a name
		 * that is gone after exec (execveat through a close-on-exec fd) */
		if (path_inaccessible) {
			kfree(name);
			kfree(arg);
			err = -ENOENT;
			break;
		}
		own(s, name);
		own(s, arg);
		err = splice_argv(s, name, arg, s->path);
		if (err)
			break;
		s->path = name; /* bprm_change_interp: the next level's file name */
	}
	kfree(buf);
	if (err)
		binfmt_script_release(s);
	return err;
}
