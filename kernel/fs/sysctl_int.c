/*
 * sysctl_int.c — the number a write to an integer /proc/sys file gives
 * (Linux 6.1 kernel/sysctl.c: proc_skip_spaces, proc_get_long,
 * do_proc_douintvec_w; proc_doulongvec_minmax for the unsigned long ones,
 * with their maximum). Leading blanks are skipped; the number is decimal,
 * 0x-hexadecimal or 0-octal (strtoul with base 0) of at most 20 characters,
 * and must be followed by a blank or newline or the end of the write; an
 * empty write, a sign, anything else, or a value above UINT_MAX (the
 * maximum) is EINVAL.
 */
#include <vfs.h>

#include <uapi/errno.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int sysctl_parse_ulong(const char *text, size_t len, u64 max, u64 *out)
{
	size_t i = 0;
	while (i < len && is_blank(text[i])) /* proc_skip_spaces: isspace */
		i++;
	if (i == len || text[i] == '-' || digit_value(text[i]) > 9)
		return -EINVAL;
	size_t start = i, end = MIN(len, start + 21); /* TMPBUFLEN - 1 characters are looked at */
	int base = 10;
	if (text[i] == '0' && i + 1 < end && (text[i + 1] == 'x' || text[i + 1] == 'X') && i + 2 < end &&
	    digit_value(text[i + 2]) < 16) {
		base = 16;
		i += 2;
	} else if (text[i] == '0') {
		base = 8;
	}
	u64 value = 0;
	for (; i < end && digit_value(text[i]) < base; i++) {
		u64 digit = (u64)digit_value(text[i]);
		if (value > (max - digit) / (u64)base)
			return -EINVAL; /* ERANGE from strtoul, or above the file's maximum */
		value = value * (u64)base + digit;
	}
	if (i - start == 21)
		return -EINVAL; /* too long to tell where the number ends */
	if (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
		return -EINVAL; /* proc_wspace_sep */
	*out = value;
	return 0;
}

int sysctl_parse_uint(const char *text, size_t len, u32 *out)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, 0xffffffffu, &value);
	if (!err)
		*out = (u32)value;
	return err;
}

/* proc_dointvec (do_proc_dointvec_conv): a '-' right before the digits
 * negates; the magnitude is at most INT_MAX, or INT_MAX + 1 when negative. */
int sysctl_parse_int(const char *text, size_t len, int *out)
{
	size_t i = 0;
	while (i < len && is_blank(text[i]))
		i++;
	bool neg = i < len && text[i] == '-';
	if (neg && (i + 1 == len || digit_value(text[i + 1]) > 9))
		return -EINVAL; /* proc_get_long: a digit must follow the sign */
	u64 value;
	int err = sysctl_parse_ulong(text + i + neg, len - i - neg, neg ? 0x80000000ull : 0x7fffffffull, &value);
	if (!err)
		*out = neg ? (int)(-(s64)value) : (int)value;
	return err;
}

int sysctl_parse_int_vector(const char *text, size_t len, int *values, int max_count, int *count)
{
	size_t at = 0;
	*count = 0;
	while (*count < max_count) {
		while (at < len && is_blank(text[at]))
			at++;
		if (at == len)
			break;
		size_t end = at;
		while (end < len && !is_blank(text[end]))
			end++;
		if (sysctl_parse_int(text + at, end - at, &values[*count]))
			return -EINVAL; /* __do_proc_dointvec: what came before stays written */
		(*count)++;
		at = end;
	}
	return *count ? 0 : -EINVAL;
}
