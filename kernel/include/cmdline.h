/*
 * cmdline.h — the kernel command line (lib/cmdline.c): whole-word flags and
 * what Linux's init/main.c takes from it for PID 1.
 */
#pragma once

#include <types.h>

#define CMDLINE_MAX 1024     /* bytes kept of the command line */
#define CMDLINE_INIT_ARGS 32 /* Linux: MAX_INIT_ARGS (CONFIG_INIT_ENV_ARG_LIMIT) */
#define CMDLINE_INIT_ENVS 32 /* Linux: MAX_INIT_ENVS */

/* What PID 1 gets from the command line. Pointers point into words[]. */
struct cmdline_init {
	const char *rdinit; /* rdinit=PATH, or NULL (the last one counts) */
	const char *init;   /* init=PATH, or NULL */
	/* argv[0] is left NULL for the caller (the path it runs); then the words
	 * after "--" and the unknown words without '=' */
	const char *argv[CMDLINE_INIT_ARGS + 1];
	int argc;
	/* HOME=/, TERM=linux, then the unknown NAME=VALUE words */
	const char *envp[CMDLINE_INIT_ENVS + 1];
	int envc;
	char words[CMDLINE_MAX];
};

/*
 * Splits cmdline (may be NULL) as Linux's unknown_bootoption does: words the
 * kernel knows (known[], by name before any '=') and dotted module parameters
 * (NAME.x=...) stay the kernel's; the others go to init's argv or environment.
 * Returns -E2BIG if the line was cut at CMDLINE_MAX, else 0.
 */
int cmdline_parse_init(struct cmdline_init *c, const char *cmdline, const char *const *known, size_t nknown);

/* Is word one of cmdline's space-separated words (exactly)? */
bool cmdline_has_word(const char *cmdline, const char *word);

/* The command line as the boot found it (Linux's saved_command_line, shown
 * by /proc/cmdline): kept at boot, at most CMDLINE_MAX - 1 bytes. */
void cmdline_save(const char *cmdline);
const char *cmdline_saved(void);
