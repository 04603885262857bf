/* lvtest.h - shared helpers for LevitateOS ABI tests (header-only).
 *
 * Output goes through say(), which formats with vsnprintf and emits one
 * write(2) to fd 1 per call.  This keeps output independent of stdio
 * buffering decisions (isatty/TCGETS), so a crash still shows every line
 * printed before it, and stdout/stderr interleave deterministically.
 *
 * All functions are static inline so every test stays a single .c file.
 */
#ifndef LVTEST_H
#define LVTEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>

static inline const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EXDEV: return "EXDEV";
	case ETXTBSY: return "ETXTBSY";
	case ELIBBAD: return "ELIBBAD";
	case EMLINK: return "EMLINK";
	case EDOM: return "EDOM";
	case ENOTSOCK: return "ENOTSOCK";
	case EDESTADDRREQ: return "EDESTADDRREQ";
	case EMSGSIZE: return "EMSGSIZE";
	case EPROTOTYPE: return "EPROTOTYPE";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EADDRINUSE: return "EADDRINUSE";
	case ECONNABORTED: return "ECONNABORTED";
	case ECONNRESET: return "ECONNRESET";
	case ENOBUFS: return "ENOBUFS";
	case EISCONN: return "EISCONN";
	case ENOTCONN: return "ENOTCONN";
	case ETOOMANYREFS: return "ETOOMANYREFS";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ENETUNREACH: return "ENETUNREACH";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	case ENOMSG: return "ENOMSG";
	case EIDRM: return "EIDRM";
	case ECANCELED: return "ECANCELED";
	case ENOTBLK: return "ENOTBLK";
	case EDEADLK: return "EDEADLK";
	case ENOLCK: return "ENOLCK";
	case ENOSTR: return "ENOSTR";
	case ENODATA: return "ENODATA";
	case ETIME: return "ETIME";
	case ENOSR: return "ENOSR";
	case EPROTO: return "EPROTO";
	case EBADMSG: return "EBADMSG";
	case EBADFD: return "EBADFD";
	case EILSEQ: return "EILSEQ";
	case EUSERS: return "EUSERS";
	case ENETDOWN: return "ENETDOWN";
	case ENETRESET: return "ENETRESET";
	case ESHUTDOWN: return "ESHUTDOWN";
	case EHOSTDOWN: return "EHOSTDOWN";
	case EHOSTUNREACH: return "EHOSTUNREACH";
	case EALREADY: return "EALREADY";
	case EINPROGRESS: return "EINPROGRESS";
	case ESTALE: return "ESTALE";
	case EDQUOT: return "EDQUOT";
	case ENOMEDIUM: return "ENOMEDIUM";
	case ENOKEY: return "ENOKEY";
	case EKEYEXPIRED: return "EKEYEXPIRED";
	case EKEYREVOKED: return "EKEYREVOKED";
	case EKEYREJECTED: return "EKEYREJECTED";
	case EOWNERDEAD: return "EOWNERDEAD";
	case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
	case ERFKILL: return "ERFKILL";
	case EHWPOISON: return "EHWPOISON";
	case ECHRNG: return "ECHRNG";
	case ENOPKG: return "ENOPKG";
	case EREMOTE: return "EREMOTE";
	case ENOLINK: return "ENOLINK";
	case ECOMM: return "ECOMM";
	case EMULTIHOP: return "EMULTIHOP";
	case ENOTUNIQ: return "ENOTUNIQ";
	case EREMCHG: return "EREMCHG";
	case ELIBACC: return "ELIBACC";
	case ELIBSCN: return "ELIBSCN";
	case ELIBMAX: return "ELIBMAX";
	case ELIBEXEC: return "ELIBEXEC";
	case ESTRPIPE: return "ESTRPIPE";
	case EPFNOSUPPORT: return "EPFNOSUPPORT";
	default: return "E?";
	}
}

/* printf-like, one write(2) to fd per call; no stdio buffering involved. */
static inline void vsayfd(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof buf)
		n = sizeof buf - 1;
	size_t off = 0;
	while (off < (size_t)n) {
		ssize_t w = write(fd, buf + off, n - off);
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

__attribute__((format(printf, 1, 2))) static inline void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsayfd(1, fmt, ap);
	va_end(ap);
}

/* Report a raw syscall result: "LABEL: ret=R errno=NAME" (errno only if ret==-1). */
static inline void show_ret(const char *label, long ret, int err)
{
	if (ret == -1)
		say("%s: ret=-1 errno=%s\n", label, errname(err));
	else
		say("%s: ret=%ld\n", label, ret);
}

/* Expect a raw syscall to fail with errno want. */
static inline void expect_err(const char *label, long ret, int err, int want)
{
	if (ret == -1 && err == want)
		say("%s: ok (%s)\n", label, errname(want));
	else if (ret == -1)
		say("%s: FAIL: errno=%s want %s\n", label, errname(err), errname(want));
	else
		say("%s: FAIL: ret=%ld want -1/%s\n", label, ret, errname(want));
}

/* Print "LABEL: yes"/"LABEL: no" for a boolean fact. */
static inline void yesno(const char *label, int cond)
{
	say("%s: %s\n", label, cond ? "yes" : "no");
}

/* Print "LABEL: ok" or "LABEL: FAIL" for a check; returns cond. */
static inline int check(const char *label, int cond)
{
	say("%s: %s\n", label, cond ? "ok" : "FAIL");
	return cond;
}

static inline const char *lv_basename(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* The whole file at path into buf (NUL-terminated, at most size - 1 bytes): its length, or -1. */
static inline ssize_t slurp_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t total = 0, n;
	while ((n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

/* "label: " and the text of a small file (a /proc/sys value, its newline kept). */
static inline void say_file(const char *label, const char *path)
{
	char text[256];
	if (slurp_file(path, text, sizeof text) < 0)
		strcpy(text, "(cannot open)\n");
	say("%s: %s", label, text);
}

/* One write of text to path (a /proc/sys file): write's result, errno kept. */
static inline long write_sysctl(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	long r = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* Waits until pid sleeps in the kernel (its /proc stat state is S). */
static inline void wait_until_sleeping(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (long i = 0; i < 10000000; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			break;
		buf[n] = 0;
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		sched_yield();
	}
	say("child never slept\n");
}

static inline void done(void)
{
	say("done\n");
}

#endif
