/*
 * unit_data.h — loading a test fixture file into an exact-size heap buffer
 * (so ASan sees any read past its end). Include after <cmocka.h>.
 *
 * env_var names the directory variable run.sh sets (UNIT_DATA for fixtures
 * built into build/unit/data, UNIT_SRC_DATA for those checked in), with
 * default_dir when it is unset.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

static inline unsigned char *unit_load(const char *env_var, const char *default_dir, const char *name, size_t *size)
{
	char path[512];
	const char *dir = getenv(env_var);
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : default_dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}
