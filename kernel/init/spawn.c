/*
 * spawn.c — starting a user process from the kernel: PID 1 (init/pid1.c),
 * a new thread group whose stdin, stdout and stderr are /dev/console, as
 * Linux's console_on_rootfs gives init; and the core-dump helper of a
 * "|program" core_pattern (fs/coredump.c), as Linux's call_usermodehelper
 * with umh_pipe_setup starts it.
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
#include <uapi/resource.h>

/* Installs f as fds 0 .. n-1 of t (each one reference more). */
static int install_fds(struct files *files, struct task *t, struct file *f, int n)
{
	struct task *self = current();
	struct files *saved_files = self->files;
	struct thread_group *saved_group = self->group;
	/* fd_install works on current()'s fd table and RLIMIT_NOFILE: borrow
	 * the new process's briefly (the caller may be the boot thread) */
	self->files = files;
	self->group = t->group;
	int err = 0;
	for (int fd = 0; fd < n && !err; fd++) {
		file_get(f);
		if (fd_install(f, fd, false) != fd)
			err = -EMFILE;
	}
	self->files = saved_files;
	self->group = saved_group;
	return err;
}

/* A new process with no files open, not yet running. */
static struct task *alloc_bare(const char *comm, struct thread_group *parent)
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
	return t;

out_free:
	spawn_discard(t);
	return NULL;
}

struct task *spawn_alloc(const char *comm, struct thread_group *parent)
{
	struct task *t = alloc_bare(comm, parent);
	if (!t)
		return NULL;
	struct file *con = console_file_open();
	int err = con ? install_fds(t->files, t, con, 3) : -ENOMEM;
	if (con)
		file_put(con);
	if (err) {
		spawn_discard(t);
		return NULL;
	}
	return t;
}

/*
 * Linux call_usermodehelper_exec_async with umh_pipe_setup: a process with
 * no parent (reaped by itself when it ends, as a child of Linux's kthreadd
 * is), root's credentials, the root as working directory, stdin the given
 * file and no other descriptor, RLIMIT_CORE {1, 1} (so that a crash of the
 * helper itself dumps no core through it), and an empty environment.
 */
int spawn_core_helper(const char *const *argv, int argc, struct file *stdin_file)
{
	struct task *t = alloc_bare("kworker/umh", NULL);
	if (!t)
		return -ENOMEM;
	int err = install_fds(t->files, t, stdin_file, 1);
	if (!err) {
		t->group->rlimits[RLIMIT_CORE][0] = t->group->rlimits[RLIMIT_CORE][1] = 1;
		err = spawn_exec(t, argv[0], argv, argc, NULL, 0); /* do_coredump passes no environment */
	}
	if (err)
		spawn_discard(t);
	return err;
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
	if (t->group)
		thread_group_discard(t->group); /* every reference, the task's too */
	t->group = NULL;
	task_free(t);
}
