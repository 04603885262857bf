/* selftest.h — deliberate faults for the console tests (core/selftest.c). */
#pragma once

#include <types.h>

void selftest_run(const char *cmdline);
const char *strstr_simple(const char *hay, const char *needle);
