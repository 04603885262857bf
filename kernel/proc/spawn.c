/*
 * spawn.c — starting a user process from the kernel (the runner's fork +
 * exec until those system calls exist): a new thread group whose stdin,
 * stdout and stderr are the console.
 */
#include <spawn.h>

#include <exec.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <printk.h>
#include <signal.h>
#include <task.h>
#include <uapi/errno.h>

extern void ret_from_fork(void);

static int setup_console_fds(struct files *files, struct task *t)
{
	struct file *con = console_file_open();
	if (!con)
		return -ENOMEM;
	struct task *self = current();
	struct files *saved = self->files;
	/* fd_install works on current()->files: borrow the new table briefly */
	self->files = files;
	int err = 0;
	for (int fd = 0; fd < 3 && !err; fd++) {
		file_get(con);
		if (fd_install(con, fd, false) != fd)
			err = -EMFILE;
	}
	self->files = saved;
	file_put(con);
	return err;
}

int spawn_process(const char *path, const char *const *argv, int argc, const char *const *envp, int envc,
		  struct thread_group *parent, struct thread_group **out)
{
	const char *base = path;
	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	struct task *t = task_alloc(base);
	if (!t)
		return -ENOMEM;
	int err = -ENOMEM;
	t->group = thread_group_alloc(t->tid, parent);
	t->files = files_create();
	t->sighand = sighand_create();
	t->fs = fs_context_create();
	if (!t->group || !t->files || !t->sighand || !t->fs)
		goto out_free;
	/* the parent's reference (released after the wait), then the task's */
	thread_group_add(t->group, t);
	err = setup_console_fds(t->files, t);
	if (err)
		goto out_free;
	err = exec_load(t, path, argv, argc, envp, envc);
	if (err)
		goto out_free;
	t->ctx.x19_x28[0] = 0; /* ret_from_fork: return to user */
	t->ctx.pc = (u64)ret_from_fork;
	t->ctx.sp = (u64)task_user_frame(t);
	*out = t->group;
	sched_add_new(t);
	return 0;

out_free:
	if (t->files)
		files_put(t->files);
	fs_context_put(t->fs);
	sighand_put(t->sighand);
	if (t->group)
		thread_group_discard(t->group);
	task_free(t);
	return err;
}
