/*
 * test_cmdline.c — kernel/lib/cmdline.c: what PID 1 gets from the kernel
 * command line (rdinit=, init=, Linux's unknown_bootoption split into argv
 * and environment, "--"), whole-word flags, and the length limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cmdline.h"
#include "string.h"
#include "uapi/errno.h"

static const char *const known[] = {"console", "quiet", "rdinit", "init", "norandmaps"};

static void parse(struct cmdline_init *c, const char *line)
{
	assert_int_equal(cmdline_parse_init(c, line, known, sizeof(known) / sizeof(known[0])), 0);
}

/* vec holds count strings, want (NULL-terminated) from index first on, then NULL. */
static void expect_vec(const char *const *vec, int count, int first, const char *const *want)
{
	int n = 0;
	while (want[n])
		n++;
	assert_int_equal(count, first + n);
	for (int i = 0; i < n; i++)
		assert_string_equal(vec[first + i], want[i]);
	assert_null(vec[count]);
}

static void test_empty(void **state)
{
	(void)state;
	struct cmdline_init c;
	parse(&c, NULL);
	assert_null(c.rdinit);
	assert_null(c.init);
	assert_int_equal(c.argc, 1);
	assert_null(c.argv[0]);
	assert_int_equal(c.envc, 2);
	assert_string_equal(c.envp[0], "HOME=/");
	assert_string_equal(c.envp[1], "TERM=linux");
	assert_null(c.envp[2]);
	parse(&c, "   ");
	assert_int_equal(c.argc, 1);
	assert_int_equal(c.envc, 2);
}

static void test_init_paths(void **state)
{
	(void)state;
	struct cmdline_init c;
	parse(&c, "console=tty0 quiet rdinit=/lvrun/init");
	assert_string_equal(c.rdinit, "/lvrun/init");
	assert_null(c.init);
	assert_int_equal(c.argc, 1);
	assert_int_equal(c.envc, 2);
	parse(&c, "rdinit=/a  init=/sbin/x rdinit=/b");
	assert_string_equal(c.rdinit, "/b"); /* the last one counts */
	assert_string_equal(c.init, "/sbin/x");
}

static void test_unknown_words(void **state)
{
	(void)state;
	struct cmdline_init c;
	parse(&c, "quiet single FOO=bar levitate.log_reaps levitate.x=1 norandmaps emergency LANG=C");
	expect_vec(c.argv, c.argc, 1, (const char *const[]){"single", "emergency", NULL});
	expect_vec(c.envp, c.envc, 2, (const char *const[]){"FOO=bar", "LANG=C", NULL});
	/* a '.' in the value does not make a module parameter */
	parse(&c, "PATH=/a.b");
	expect_vec(c.envp, c.envc, 2, (const char *const[]){"PATH=/a.b", NULL});
}

static void test_after_dashes(void **state)
{
	(void)state;
	struct cmdline_init c;
	parse(&c, "quiet -- quiet X=1 -- levitate.y");
	expect_vec(c.argv, c.argc, 1, (const char *const[]){"quiet", "X=1", "--", "levitate.y", NULL});
	expect_vec(c.envp, c.envc, 2, (const char *const[]){NULL});
	assert_null(c.rdinit);
}

static void test_limits(void **state)
{
	(void)state;
	static struct cmdline_init c;
	char line[CMDLINE_MAX + 100];
	size_t pos = 0;
	for (int i = 0; pos + 3 < sizeof(line); i++) {
		line[pos++] = (char)('a' + i % 26);
		line[pos++] = ' ';
	}
	line[pos] = '\0';
	assert_int_equal(cmdline_parse_init(&c, line, known, 0), -E2BIG);
	assert_int_equal(c.argc, CMDLINE_INIT_ARGS); /* the rest dropped */
	assert_null(c.argv[CMDLINE_INIT_ARGS]);
	assert_true(strlen(c.words) < CMDLINE_MAX);
}

static void test_has_word(void **state)
{
	(void)state;
	assert_true(cmdline_has_word("quiet levitate.log_reaps", "levitate.log_reaps"));
	assert_true(cmdline_has_word("  levitate.log_reaps  x", "levitate.log_reaps"));
	assert_false(cmdline_has_word("levitate.log_reapsX", "levitate.log_reaps"));
	assert_false(cmdline_has_word("xlevitate.log_reaps", "levitate.log_reaps"));
	assert_false(cmdline_has_word("levitate.log_reaps=0", "levitate.log_reaps"));
	assert_false(cmdline_has_word(NULL, "quiet"));
	assert_false(cmdline_has_word("", "quiet"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),	      cmocka_unit_test(test_init_paths),
		cmocka_unit_test(test_unknown_words), cmocka_unit_test(test_after_dashes),
		cmocka_unit_test(test_limits),	      cmocka_unit_test(test_has_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
