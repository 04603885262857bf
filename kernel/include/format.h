/*
 * format.h — printf-style formatting without floating point.
 *
 * Supports %d %i %u %x %X %o %c %s %p %% with the flags - 0 + space #, a
 * width and a precision (either may be *), and the length modifiers hh h l
 * ll z t j, all with C99 semantics. %p prints "0x" and 16 hex digits; a NULL
 * %s prints "(null)". %n is deliberately unsupported: an unknown conversion
 * is copied to the output literally.
 */
#pragma once

#include "types.h"

/* Receives the formatted output in pieces; s is not NUL-terminated. */
typedef void (*format_out_fn)(void *ctx, const char *s, size_t n);

/*
 * Format to a callback with no length limit (printk uses this). Returns the
 * number of characters produced.
 */
int vcbprintf(format_out_fn out, void *ctx, const char *fmt, va_list ap);

/*
 * Format into buf (size bytes, NUL-terminated if size > 0). Returns the length
 * the full output would have had, as C does; output was truncated if the
 * return value is >= size.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
