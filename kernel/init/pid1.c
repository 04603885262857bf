/*
 * pid1.c — PID 1: the first user process, started the way Linux starts it
 * (init/main.c kernel_init). What happens when it ends is proc/init.c's.
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
 * passes them (lib/cmdline.c). Its fds 0, 1 and 2 are /dev/console (console_on_rootfs).
 * It has no parent and sits in session 0, process group 0, so its setsid()
 * succeeds as on Linux.
 *
 * "levitate.log_reaps" on the command line turns on proc/init.c's log of
 * the free page count at each child PID 1 reaps.
 */
#include <spawn.h>

#include <cmdline.h>
#include <kmalloc.h>
#include <printk.h>
#include <process.h>
#include <task.h>
#include <uapi/errno.h>

/* Command-line words the kernel itself understands (never passed to init). */
static const char *const known_params[] = {"console", "earlycon",   "loglevel",	       "quiet",
					   "debug",   "norandmaps", "rdinit",	       "init",
					   "panic",   "nokaslr",    "ignore_loglevel", "maxcpus"};

static int try_init(struct cmdline_init *a, struct task *t, const char *path)
{
	a->argv[0] = path;
	int err = spawn_exec(t, path, a->argv, a->argc, a->envp, a->envc);
	if (err == 0)
		printk(KERN_INFO "Run %s as init process", path);
	return err;
}

/* Like Linux's kernel_init, one process (PID 1) tries path after path. */
static int find_init(struct cmdline_init *a, struct task *t)
{
	int err = try_init(a, t, a->rdinit);
	if (err == 0)
		return 0;
	/* Linux only tries rdinit= when the file exists (init_eaccess) */
	if (err != -ENOENT)
		printk(KERN_ERR "Failed to execute %s (error %d)", a->rdinit, err);
	if (a->init) {
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
			printk(KERN_ERR "Starting init: %s exists but couldn't execute it (error %d)", fallbacks[i],
			       err);
	}
	return err;
}

void init_start(const char *cmdline)
{
	static struct cmdline_init args; /* argv and envp point into it for good */
	struct cmdline_init *a = &args;
	if (cmdline_parse_init(a, cmdline, known_params, ARRAY_SIZE(known_params)))
		printk(KERN_WARNING "init: command line longer than %d bytes: cut", CMDLINE_MAX - 1);
	if (!a->rdinit)
		a->rdinit = "/init";
	init_log_reaps(cmdline_has_word(cmdline, "levitate.log_reaps"));
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
