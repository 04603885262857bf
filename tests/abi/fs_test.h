/* fs_test.h — shared by the file-system tests: R() reports a call's result
 * (0 for any success, or -1 and the errno name). */
#pragma once
#include "lvtest.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#define R(label, expr)                                    \
	do {                                              \
		errno = 0;                                \
		long r_ = (long)(expr);                   \
		show_ret(label, r_ >= 0 ? 0 : r_, errno); \
	} while (0)
