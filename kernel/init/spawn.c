/*
 * spawn.c — starting a user process from the kernel (PID 1, init/pid1.c):
 * a new thread group whose stdin, stdout and stderr are /dev/console, as
 * Linux's console_on_rootfs gives init.
 */
#include <spawn.h>

#include <exec.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <printk.h>
#include <process.h>
#include <signal.h>
#include <task.h>
#include <uapi/errno.h>

static int setup_console_fds(struct files *files, struct task *t)
{
	struct file *con = console_file_open();
	if (!con)
		return -ENOMEM;
	struct task *self = current();
	struct files *saved_files = self->files;
	struct thread_group *saved_group = self->group;
	/* fd_install works on current()'s fd table and RLIMIT_NOFILE: borrow
	 * the new process's briefly (the caller may be the boot thread) */
	self->files = files;
	self->group = t->group;
	int err = 0;
	for (int fd = 0; fd < 3 && !err; fd++) {
		file_get(con);
		if (fd_install(con, fd, false) != fd)
			err = -EMFILE;
	}
	self->files = saved_files;
	self->group = saved_group;
	file_put(con);
	return err;
}

struct task *spawn_alloc(const char *comm, struct thread_group *parent)
{
	struct task *t = task_alloc(comm);
	if (!t)
		return NULL;
	t->group = thread_group_alloc(t->tid, parent);
	t->files = files_create();
	t->sighand = sighand_create();
	t->fs = fs_context_create();
	if (!t->group || !t->files || !t->sighand || !t->fs)
		goto out_free;
	/* the parent's reference (released after the wait), then the task's */
	thread_group_add(t->group, t);
	if (setup_console_fds(t->files, t))
		goto out_free;
	return t;

out_free:
	spawn_discard(t);
	return NULL;
}

int spawn_exec(struct task *t, const char *path, const char *const *argv, int argc, const char *const *envp, int envc)
{
	int err = exec_load(t, path, NULL, false, argv, argc, envp, envc);
	if (err)
		return err; /* t is as it was: the caller may try another path */
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	task_set_comm(t, base);
	arch_start_user_task(t);
	sched_add_new(t);
	return 0;
}

void spawn_discard(struct task *t)
{
	if (t->files)
		files_put(t->files);
	fs_context_put(t->fs);
	sighand_put(t->sighand);
	if (t->group)
		thread_group_discard(t->group);
	task_free(t);
}
