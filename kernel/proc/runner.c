/*
 * runner.c — the first thing LevitateOS runs: each program listed in the
 * initramfs file /lvrun.list, one after another, framed by the markers of
 * the test protocol (docs/testing.md), then power-off. The Linux side runs
 * the same list with tests/linux-init/init.c.
 */
#include <spawn.h>

#include <arch.h>
#include <console.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <page.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define MAX_ARGS 32
#define MAX_LINE 1024

static const char *const program_env[] = {"HOME=/", "PATH=/bin:/usr/bin", "TERM=linux", "LVTEST=1"};

static void marker(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void marker(const char *fmt, ...)
{
	char line[96];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_write_user(line, (size_t)MIN(n, (int)sizeof(line) - 1));
}

/* Splits line at single spaces into argv (in place). Returns argc. */
static int split_args(char *line, const char **argv)
{
	int argc = 0;
	char *p = line;
	while (*p && argc < MAX_ARGS) {
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return argc;
}

static void run_one(int index, char *line, struct thread_group *self)
{
	const char *argv[MAX_ARGS];
	int argc = split_args(line, argv);
	marker("\x1eLVBEGIN %d\n", index);
	struct thread_group *child;
	int err =
		argc ? spawn_process(argv[0], argv, argc, program_env, ARRAY_SIZE(program_env), self, &child) : -ENOENT;
	if (err) {
		printk("runner: cannot start %s: error %d", argc ? argv[0] : "(empty)", err);
		marker("\x1eLVEND %d exit 127\n", index);
		return;
	}
	wait_event(&self->child_exit_wait, child->exited);
	int status = child->exit_status;
	if (status & 0x7f)
		marker("\x1eLVEND %d signal %d\n", index, status & 0x7f);
	else
		marker("\x1eLVEND %d exit %d\n", index, (status >> 8) & 0xff);
	thread_group_put(child);
	console_tty_reset(); /* as tests/linux-init/init.c restores the tty */
	/* read by tests/harness/leak_check.py: memory is back after every program */
	printk("runner: program %d ended, %lu pages free, %lu in kmalloc caches", index,
	       (unsigned long)page_free_count(), (unsigned long)kmalloc_cached_pages());
}

int runner_main(void *arg)
{
	struct task *self = current();
	self->group = thread_group_alloc(0, NULL);
	CHECK(self->group);
	struct file *list;
	int err = vfs_open("/lvrun.list", 0, &list);
	if (err) {
		printk("runner: no /lvrun.list in the initramfs (error %d): nothing to run", err);
		marker("\x1eLVERROR no /lvrun.list\n");
		arch_power_off();
	}
	char *text = kmalloc(list->inode->size + 1);
	CHECK(text);
	ssize_t n = file_read_kernel(list, text, list->inode->size, 0);
	text[n > 0 ? n : 0] = '\0';
	file_put(list);

	int index = 0;
	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (*line)
			run_one(index++, line, self->group);
		if (!end)
			break;
		line = end + 1;
	}
	kfree(text);
	marker("\x1eLVDONE\n");
	printk("runner: all programs done, %lu pages free", (unsigned long)page_free_count());
	arch_power_off();
}
