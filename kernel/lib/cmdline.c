/*
 * cmdline.c — reading the kernel command line (the device tree's
 * /chosen/bootargs): space-separated words, no quoting.
 *
 * cmdline_parse_init follows Linux's init/main.c: rdinit= and init= name
 * PID 1; a word the kernel knows is its own; a word with a '.' in its name is
 * a module parameter and is dropped; any other NAME=VALUE word goes into
 * init's environment and any other word into its argv; every word after the
 * first "--" goes into init's argv. The fixed environment HOME=/ TERM=linux
 * comes first, as in Linux's envp_init. Extra words beyond the limits are
 * dropped (Linux panics "Too many boot init vars"; dropping is kinder).
 */
#include <cmdline.h>

#include <string.h>
#include <uapi/errno.h>

static char saved[CMDLINE_MAX]; /* [written once at boot, before any reader] */

void cmdline_save(const char *cmdline)
{
	strscpy(saved, cmdline ? cmdline : "", sizeof(saved));
}

const char *cmdline_saved(void)
{
	return saved;
}

static size_t name_len(const char *word)
{
	const char *eq = strchr(word, '=');
	return eq ? (size_t)(eq - word) : strlen(word);
}

static bool is_known(const char *word, const char *const *known, size_t nknown)
{
	size_t len = name_len(word);
	for (size_t i = 0; i < nknown; i++)
		if (str_equals_bytes(known[i], word, len))
			return true;
	return false;
}

static void add(const char **vec, int *count, int max, const char *word)
{
	if (*count < max)
		vec[(*count)++] = word;
}

static void take_word(struct cmdline_init *c, const char *word, const char *const *known, size_t nknown)
{
	if (strncmp(word, "rdinit=", 7) == 0)
		c->rdinit = word + 7;
	else if (strncmp(word, "init=", 5) == 0)
		c->init = word + 5;
	if (is_known(word, known, nknown) || memchr(word, '.', name_len(word)))
		return;
	if (strchr(word, '='))
		add(c->envp, &c->envc, CMDLINE_INIT_ENVS, word);
	else
		add(c->argv, &c->argc, CMDLINE_INIT_ARGS, word);
}

int cmdline_parse_init(struct cmdline_init *c, const char *cmdline, const char *const *known, size_t nknown)
{
	memset(c, 0, sizeof(*c));
	c->argc = 1; /* argv[0]: the caller's */
	c->envp[c->envc++] = "HOME=/";
	c->envp[c->envc++] = "TERM=linux";
	if (!cmdline)
		return 0;
	int ret = strscpy(c->words, cmdline, sizeof(c->words)) < 0 ? -E2BIG : 0;
	bool after_dashes = false;
	for (char *p = c->words; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		if (after_dashes)
			add(c->argv, &c->argc, CMDLINE_INIT_ARGS, word);
		else if (strcmp(word, "--") == 0)
			after_dashes = true;
		else
			take_word(c, word, known, nknown);
	}
	return ret;
}

bool cmdline_has_word(const char *cmdline, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = cmdline; p && *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && n && memcmp(p, word, len) == 0)
			return true;
		p += n;
	}
	return false;
}
