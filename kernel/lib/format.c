/*
 * format.c — printf core (see format.h).
 *
 * One engine, vcbprintf, parses the format and hands output in runs to a
 * callback; vsnprintf is that engine with a callback that copies into a
 * bounded buffer and counts what did not fit. Numbers are converted into a
 * small stack buffer, then emitted as: padding, sign/prefix, precision zeros,
 * digits, padding — the order C99 7.19.6.1 prescribes. Nothing is allocated
 * and the output callback is never given more than it asked to write.
 */
#include "format.h"

#include "string.h"

enum {
	FL_LEFT = 1 << 0,  /* '-' */
	FL_ZERO = 1 << 1,  /* '0' */
	FL_PLUS = 1 << 2,  /* '+' */
	FL_SPACE = 1 << 3, /* ' ' */
	FL_ALT = 1 << 4,   /* '#' */
	FL_UPPER = 1 << 5, /* %X */
};

enum length_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct fmt_spec {
	unsigned flags;
	int width;     /* 0 if none */
	int precision; /* -1 if none */
	enum length_mod len;
};

struct fmt_out {
	format_out_fn out;
	void *ctx;
	size_t count;
};

static void emit(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->out(o->ctx, s, n);
		o->count += n;
	}
}

static void emit_repeat(struct fmt_out *o, char c, int n)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	while (n > 0) {
		int chunk = n > 16 ? 16 : n;
		emit(o, src, (size_t)chunk);
		n -= chunk;
	}
}

/* Parse a decimal number at *fmt, saturating instead of overflowing. */
static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

static void parse_flags(const char **fmt, struct fmt_spec *spec)
{
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': spec->flags |= FL_LEFT; break;
		case '0': spec->flags |= FL_ZERO; break;
		case '+': spec->flags |= FL_PLUS; break;
		case ' ': spec->flags |= FL_SPACE; break;
		case '#': spec->flags |= FL_ALT; break;
		default: return;
		}
	}
}

static void parse_width_precision(const char **fmt, struct fmt_spec *spec, va_list *ap)
{
	if (**fmt == '*') {
		int w = va_arg(*ap, int);
		(*fmt)++;
		if (w < 0) {
			spec->flags |= FL_LEFT;
			w = w == INT32_MIN ? INT32_MAX : -w;
		}
		spec->width = w;
	} else {
		spec->width = parse_int(fmt);
	}
	spec->precision = -1;
	if (**fmt != '.')
		return;
	(*fmt)++;
	if (**fmt == '*') {
		int p = va_arg(*ap, int);
		(*fmt)++;
		spec->precision = p < 0 ? -1 : p; /* negative: as if omitted */
	} else {
		spec->precision = parse_int(fmt);
	}
}

static void parse_length(const char **fmt, struct fmt_spec *spec)
{
	const char *f = *fmt;

	switch (*f) {
	case 'h': spec->len = f[1] == 'h' ? LEN_HH : LEN_H; break;
	case 'l': spec->len = f[1] == 'l' ? LEN_LL : LEN_L; break;
	case 'z': spec->len = LEN_Z; break;
	case 't': spec->len = LEN_T; break;
	case 'j': spec->len = LEN_J; break;
	default: spec->len = LEN_NONE; return;
	}
	*fmt += (spec->len == LEN_HH || spec->len == LEN_LL) ? 2 : 1;
}

static s64 fetch_signed(enum length_mod len, va_list *ap)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_Z: return va_arg(*ap, ssize_t);
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

static u64 fetch_unsigned(enum length_mod len, va_list *ap)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_T: return (u64)va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Write v in base into the end of buf; returns the number of digits. */
static int format_digits(char *buf_end, u64 v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		*--buf_end = digits[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

/*
 * Emit a converted number: prefix is the sign or "0x" (may be empty), and
 * the digits are padded with zeros to the precision, then to the width.
 */
static void emit_number(struct fmt_out *o, const struct fmt_spec *spec, const char *prefix, const char *digits,
			int ndigits)
{
	int plen = (int)strlen(prefix);
	int zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
	int pad = spec->width - plen - zeros - ndigits;

	if (pad > 0 && (spec->flags & FL_ZERO) && !(spec->flags & FL_LEFT) && spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(spec->flags & FL_LEFT))
		emit_repeat(o, ' ', pad);
	emit(o, prefix, (size_t)plen);
	emit_repeat(o, '0', zeros);
	emit(o, digits, (size_t)ndigits);
	if (spec->flags & FL_LEFT)
		emit_repeat(o, ' ', pad);
}

static void format_integer(struct fmt_out *o, const struct fmt_spec *spec, char conv, va_list *ap)
{
	char buf[24];
	const char *prefix = "";
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
	u64 v;
	int n;

	if (conv == 'd' || conv == 'i') {
		s64 sv = fetch_signed(spec->len, ap);
		v = sv < 0 ? 0 - (u64)sv : (u64)sv;
		if (sv < 0)
			prefix = "-";
		else if (spec->flags & FL_PLUS)
			prefix = "+";
		else if (spec->flags & FL_SPACE)
			prefix = " ";
	} else {
		v = fetch_unsigned(spec->len, ap);
		if ((spec->flags & FL_ALT) && base == 16 && v)
			prefix = conv == 'X' ? "0X" : "0x";
	}
	n = format_digits(buf + sizeof(buf), v, base, conv == 'X');
	if (v == 0 && spec->precision == 0)
		n = 0; /* "%.0d" of 0 prints no digits */
	if ((spec->flags & FL_ALT) && base == 8 && spec->precision <= n && (n == 0 || buf[sizeof(buf) - n] != '0')) {
		/* "#o": the first digit must be 0 */
		buf[sizeof(buf) - 1 - n] = '0';
		n++;
	}
	emit_number(o, spec, prefix, buf + sizeof(buf) - n, n);
}

static void format_pointer(struct fmt_out *o, const struct fmt_spec *spec, va_list *ap)
{
	char buf[16];
	u64 v = (u64)(uintptr_t)va_arg(*ap, void *);
	struct fmt_spec p = {.flags = spec->flags & FL_LEFT, .width = spec->width, .precision = 16};
	int n = format_digits(buf + sizeof(buf), v, 16, false);

	emit_number(o, &p, "0x", buf + sizeof(buf) - n, n);
}

static void emit_padded(struct fmt_out *o, const struct fmt_spec *spec, const char *s, size_t n)
{
	int pad = spec->width - (int)n;

	if (!(spec->flags & FL_LEFT))
		emit_repeat(o, ' ', pad);
	emit(o, s, n);
	if (spec->flags & FL_LEFT)
		emit_repeat(o, ' ', pad);
}

static void format_string(struct fmt_out *o, const struct fmt_spec *spec, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	size_t n;

	if (!s)
		s = "(null)";
	/* With a precision, s need not be NUL-terminated: do not read past it. */
	n = spec->precision >= 0 ? strnlen(s, (size_t)spec->precision) : strlen(s);
	emit_padded(o, spec, s, n);
}

/* Handle one conversion; *fmt points after '%'. */
static void format_one(struct fmt_out *o, const char **fmt, va_list *ap)
{
	const char *start = *fmt - 1;
	struct fmt_spec spec = {0};
	char c;

	parse_flags(fmt, &spec);
	parse_width_precision(fmt, &spec, ap);
	parse_length(fmt, &spec);
	c = **fmt;
	if (c)
		(*fmt)++;
	switch (c) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o': format_integer(o, &spec, c, ap); break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		emit_padded(o, &spec, &ch, 1);
		break;
	}
	case 's': format_string(o, &spec, ap); break;
	case 'p': format_pointer(o, &spec, ap); break;
	case '%': emit(o, "%", 1); break;
	default:
		/* Unknown or truncated conversion: copy it out as text. */
		emit(o, start, (size_t)(*fmt - start));
		break;
	}
}

int vcbprintf(format_out_fn out, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_out o = {.out = out, .ctx = ctx, .count = 0};
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		size_t run = pct ? (size_t)(pct - fmt) : strlen(fmt);

		emit(&o, fmt, run);
		fmt += run;
		if (*fmt == '%') {
			fmt++;
			format_one(&o, &fmt, &args);
		}
	}
	va_end(args);
	return o.count > INT32_MAX ? INT32_MAX : (int)o.count;
}

struct buf_sink {
	char *buf;
	size_t size; /* capacity, keeping one byte for the NUL */
	size_t pos;
};

static void buf_sink_out(void *ctx, const char *s, size_t n)
{
	struct buf_sink *b = ctx;

	if (b->pos < b->size) {
		size_t room = b->size - b->pos;
		memcpy(b->buf + b->pos, s, n < room ? n : room);
	}
	b->pos += n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = {.buf = buf, .size = size ? size - 1 : 0, .pos = 0};
	int ret = vcbprintf(buf_sink_out, &b, fmt, ap);

	if (size)
		buf[b.pos < b.size ? b.pos : b.size] = '\0';
	return ret;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
