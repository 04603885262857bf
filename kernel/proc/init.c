/*
 * init.c — PID 1: the first user process, started the way Linux starts it
 * (init/main.c kernel_init), and what happens when it ends.
 *
 * The program is chosen from the kernel command line:
 *   1. rdinit=PATH (default /init): run if it exists in the initramfs; if it
 *      exists but cannot be executed, "Failed to execute" is logged and the
 *      search goes on;
 *   2. init=PATH: run, or panic "Requested init PATH failed";
 *   3. /sbin/init, /etc/init, /bin/init, /bin/sh, the first that runs;
 *   4. otherwise panic "No working init found".
 * PID 1 gets argv { PATH, ... } and the environment { HOME=/, TERM=linux, ... }
 * where "..." are the command-line words the kernel does not know, as Linux
 * passes them (unknown_bootoption): words after "--" and unknown words
 * without '=' go to argv, unknown NAME=VALUE words without '.' in NAME to
 * the environment. Its fds 0, 1 and 2 are /dev/console (console_on_rootfs).
 * It has no parent and sits in session 0, process group 0, so its setsid()
 * succeeds as on Linux.
 *
 * PID 1 must never exit: Linux panics "Attempted to kill init!" (kernel/exit.c
 * do_exit). LevitateOS prints the same message and then powers off, so a
 * test run ends instead of hanging.
 *
 * "levitate.log_reaps" on the command line makes the kernel log its free
 * page count each time PID 1 reaps a child (tests/harness/leak_check.py
 * reads it to check that every page comes back).
 */
#include <spawn.h>

#include <arch.h>
#include <kmalloc.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define MAX_INIT_ARGS 32 /* Linux: MAX_INIT_ARGS = CONFIG_INIT_ENV_ARG_LIMIT */
#define MAX_INIT_ENVS 32
#define MAX_PATH 256

/* Command-line words the kernel itself understands (never passed to init). */
static const char *const known_params[] = {"console",	 "earlycon", "loglevel", "quiet", "debug",
					   "norandmaps", "rdinit",   "init",	 "panic", "nokaslr"};

static bool log_reaps; /* set once at boot, read-only afterwards */

struct init_args {
	const char *argv[MAX_INIT_ARGS + 1];
	const char *envp[MAX_INIT_ENVS + 1];
	int argc, envc;
	char rdinit[MAX_PATH], init[MAX_PATH];
	char words[1024]; /* a copy of the command line, split into words */
};

static bool is_known(const char *word)
{
	size_t len = strlen(word);
	const char *eq = strchr(word, '=');
	if (eq)
		len = (size_t)(eq - word);
	for (size_t i = 0; i < ARRAY_SIZE(known_params); i++)
		if (strlen(known_params[i]) == len && memcmp(word, known_params[i], len) == 0)
			return true;
	return false;
}

/* Is word NAME=... with NAME a dotted module parameter (levitate.x=...)? */
static bool is_module_param(const char *word)
{
	const char *eq = strchr(word, '=');
	const char *dot = strchr(word, '.');
	return dot && (!eq || dot < eq);
}

static void take_path(char *dst, const char *word)
{
	if (strscpy(dst, strchr(word, '=') + 1, MAX_PATH) < 0)
		printk("init: %s is too long: ignored", word);
}

/* One command-line word: a path we use, a parameter we skip, or init's. */
static void parse_word(struct init_args *a, char *word, bool after_dashes)
{
	if (after_dashes) {
		if (a->argc < MAX_INIT_ARGS)
			a->argv[a->argc++] = word;
		return;
	}
	if (strncmp(word, "rdinit=", 7) == 0)
		take_path(a->rdinit, word);
	else if (strncmp(word, "init=", 5) == 0)
		take_path(a->init, word);
	else if (strcmp(word, "levitate.log_reaps") == 0)
		log_reaps = true;
	if (is_known(word) || is_module_param(word))
		return;
	if (strchr(word, '=') && a->envc < MAX_INIT_ENVS)
		a->envp[a->envc++] = word;
	else if (!strchr(word, '=') && a->argc < MAX_INIT_ARGS)
		a->argv[a->argc++] = word;
}

static void parse_cmdline(struct init_args *a, const char *cmdline)
{
	a->argc = 1; /* argv[0] is the path, filled in when trying it */
	a->envp[a->envc++] = "HOME=/";
	a->envp[a->envc++] = "TERM=linux";
	CHECK(strscpy(a->rdinit, "/init", MAX_PATH) > 0);
	if (!cmdline)
		return;
	if (strscpy(a->words, cmdline, sizeof(a->words)) < 0)
		printk("init: command line longer than %zu bytes: cut", sizeof(a->words) - 1);
	bool after_dashes = false;
	for (char *p = a->words; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		if (!after_dashes && strcmp(word, "--") == 0)
			after_dashes = true;
		else
			parse_word(a, word, after_dashes);
	}
}

static int try_init(struct init_args *a, struct task *t, const char *path)
{
	a->argv[0] = path;
	int err = spawn_exec(t, path, a->argv, a->argc, a->envp, a->envc);
	if (err == 0)
		printk("Run %s as init process", path);
	return err;
}

/* Like Linux's kernel_init, one process (PID 1) tries path after path. */
static int find_init(struct init_args *a, struct task *t)
{
	int err = try_init(a, t, a->rdinit);
	if (err == 0)
		return 0;
	/* Linux only tries rdinit= when the file exists (init_eaccess) */
	if (err != -ENOENT)
		printk("Failed to execute %s (error %d)", a->rdinit, err);
	if (a->init[0]) {
		err = try_init(a, t, a->init);
		if (err)
			panic("Requested init %s failed (error %d).", a->init, err);
		return 0;
	}
	static const char *const fallbacks[] = {"/sbin/init", "/etc/init", "/bin/init", "/bin/sh"};
	for (size_t i = 0; i < ARRAY_SIZE(fallbacks); i++) {
		err = try_init(a, t, fallbacks[i]);
		if (err == 0)
			return 0;
		if (err != -ENOENT)
			printk("Starting init: %s exists but couldn't execute it (error %d)", fallbacks[i], err);
	}
	return err;
}

void init_start(const char *cmdline)
{
	static struct init_args args; /* argv and envp point into it for good */
	struct init_args *a = &args;
	parse_cmdline(a, cmdline);
	struct task *t = spawn_alloc("init", NULL);
	if (!t)
		panic("cannot create PID 1: out of memory");
	CHECK(t->tid == 1);
	if (find_init(a, t) == 0)
		return;
	spawn_discard(t);
	panic("No working init found.  Try passing init= option to kernel. "
	      "See Linux Documentation/admin-guide/init.rst for guidance.");
}

void init_died(int wait_status)
{
	printk("Kernel panic - not syncing: Attempted to kill init! exitcode=0x%08x", (unsigned)wait_status);
	printk("---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x%08x ]---",
	       (unsigned)wait_status);
	arch_power_off();
}

void init_reaped(int pid)
{
	if (log_reaps)
		printk("init: reaped %d, %lu pages free, %lu in kmalloc caches", pid, (unsigned long)page_free_count(),
		       (unsigned long)kmalloc_cached_pages());
}
