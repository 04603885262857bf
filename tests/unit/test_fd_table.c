/*
 * test_fd_table.c — the fd table of kernel/fs/file.c on the host: the
 * lowest free descriptor (POSIX; Linux alloc_fd), a minimum (F_DUPFD),
 * growth past the first 64 slots, RLIMIT_NOFILE (EMFILE), close (EBADF),
 * the close-on-exec bits, fork's copy (files_dup) and exec's close
 * (files_close_on_exec), close_range (fd_close_range), with every file
 * reference counted: a test ends by dropping the table and checks that each
 * file was released exactly once; and fs.file-max: past it a new file fails
 * unless the caller has CAP_SYS_ADMIN, and file_put gives the slot back
 * (fs.file-nr).
 *
 * Files are made with file_alloc, whose inode and release hooks are faked
 * here; the rest of the kernel is tests/unit/host_kernel.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "cred.h"
#include "fs.h"
#include "page.h"
#include "string.h"
#include "task.h"
#include "uaccess.h"
#include "uapi/errno.h"
#include "vfs.h"

void *calloc(size_t n, size_t size);
void free(void *p);

/* ---- what file_alloc and file_put call ------------------------------------ */

static int live_inodes, released_files, lock_releases;

struct inode *anon_inode_alloc(u32 mode)
{
	live_inodes++;
	struct inode *inode = calloc(1, sizeof(struct inode));
	inode->refcount = 1;
	return inode;
}

struct inode *inode_get(struct inode *inode)
{
	inode->refcount++;
	return inode;
}

void inode_put(struct inode *inode)
{
	if (--inode->refcount)
		return;
	live_inodes--;
	free(inode);
}

void inode_put_write_access(struct inode *inode)
{
	fail_msg("no file here has write access");
}

void path_put(struct path *p)
{
}

void eventpoll_release(struct file *f)
{
}

void flock_release(struct file *f)
{
}

void file_owner_release(struct file *f)
{
}

/* No lease is ever set here. */
void lease_release(struct file *f)
{
}

/* No inotify watch or fanotify mark exists here: fsnotify_active() stays
 * false, so the event hooks below are never reached. */
int fsnotify_watches;
int fanotify_marks;

void __fsnotify_dentry(struct dentry *d, u32 mask, bool file_event)
{
	fail_msg("an fsnotify event with no watch");
}

int fanotify_path_event(const struct path *p, u32 mask)
{
	fail_msg("a fanotify event with no mark");
	return 0;
}

/* Every close of a descriptor drops the process's record locks on it
 * (owner: the fd table); the file's last put drops its OFD locks (owner: f). */
void posix_locks_release(struct file *f, const void *owner)
{
	if (owner != f)
		lock_releases++;
}

int(copy_to_user)(uaddr_t dst, const void *src, size_t len)
{
	fail_msg("copy_to_user");
	return -EFAULT;
}

int(copy_from_user)(void *dst, uaddr_t src, size_t len)
{
	fail_msg("copy_from_user");
	return -EFAULT;
}

int(clear_user)(uaddr_t dst, size_t len)
{
	fail_msg("clear_user");
	return -EFAULT;
}

static void count_release(struct file *f)
{
	released_files++;
}

static const struct file_ops test_ops = {.release = count_release};

/* what files_init and the ENFILE check call */
static bool fake_cap_sys_admin;

bool capable(int cap)
{
	return cap == CAP_SYS_ADMIN && fake_cap_sys_admin;
}

u64 page_total_count(void)
{
	return 262144; /* 1 GiB */
}

u64 page_free_count(void)
{
	return 252144;
}

/* ---- helpers ------------------------------------------------------------------ */

static struct thread_group group;
static struct task task;

static struct files *new_table(u64 nofile)
{
	memset(&group, 0, sizeof(group));
	memset(&task, 0, sizeof(task));
	group.rlimits[RLIMIT_NOFILE][0] = group.rlimits[RLIMIT_NOFILE][1] = nofile;
	task.group = &group;
	task.files = files_create();
	assert_non_null(task.files);
	host_current_task = &task;
	released_files = lock_releases = live_inodes = 0;
	return task.files;
}

static struct file *new_file(void)
{
	struct file *f = file_alloc(&test_ops, NULL, 0);
	assert_non_null(f);
	return f;
}

/* Opens a new file at the lowest free fd at or above min_fd. */
static int open_at_least(int min_fd, bool cloexec)
{
	struct file *f = new_file();
	int fd = fd_install(f, min_fd, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int open_lowest(void)
{
	return open_at_least(0, false);
}

/* Drops the table: files_released of its files are released with it. */
static void drop_table(struct files *fs, int files_released)
{
	int before = released_files;
	files_put(fs);
	assert_int_equal(released_files - before, files_released);
}

/* Drops the last table: every file it held is released, no inode is left. */
static void done_table(struct files *fs, int files_held)
{
	drop_table(fs, files_held);
	assert_int_equal(live_inodes, 0);
}

static bool is_open(int fd)
{
	struct file *f = fd_get(fd);
	if (f)
		file_put(f);
	return f != NULL;
}

/* ---- the tests ------------------------------------------------------------------ */

static void test_lowest_free(void **state)
{
	struct files *fs = new_table(1024);
	for (int i = 0; i < 5; i++)
		assert_int_equal(open_lowest(), i);
	assert_int_equal(fd_close(1), 0);
	assert_int_equal(fd_close(3), 0);
	assert_int_equal(open_lowest(), 1); /* the lowest hole first */
	assert_int_equal(open_lowest(), 3);
	assert_int_equal(open_lowest(), 5);
	assert_int_equal(fd_close(0), 0);
	assert_int_equal(open_lowest(), 0);
	assert_int_equal(released_files, 3);
	done_table(fs, 6);
}

static void test_minimum(void **state)
{
	struct files *fs = new_table(1024);
	assert_int_equal(open_at_least(10, false), 10); /* F_DUPFD 10 in an empty table */
	assert_int_equal(open_at_least(10, false), 11);
	assert_int_equal(open_lowest(), 0); /* a minimum does not move the lowest-free hint */
	assert_int_equal(open_lowest(), 1);
	assert_int_equal(fd_close(10), 0);
	assert_int_equal(open_at_least(5, false), 5);
	assert_int_equal(open_at_least(6, false), 6);
	assert_int_equal(open_at_least(7, false), 7);
	assert_int_equal(open_lowest(), 2);
	done_table(fs, 7);
}

static void test_grows_past_the_first_slots(void **state)
{
	struct files *fs = new_table(1024);
	for (int i = 0; i < 200; i++)
		assert_int_equal(open_at_least(0, i % 3 == 0), i);
	assert_true(fs->max_fds >= 200);
	for (int i = 0; i < 200; i++) {
		assert_true(is_open(i));
		assert_int_equal(fd_get_cloexec(i), i % 3 == 0); /* the bits moved with the table */
	}
	assert_int_equal(open_at_least(700, false), 700);
	done_table(fs, 201);
}

static void test_rlimit_nofile(void **state)
{
	struct files *fs = new_table(3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(open_lowest(), i);
	assert_int_equal(open_lowest(), -EMFILE);
	assert_int_equal(open_at_least(3, false), -EMFILE);
	assert_int_equal(fd_close(2), 0);
	assert_int_equal(open_lowest(), 2);
	/* a limit past the first table: it grows up to the limit, no further */
	done_table(fs, 3);
	fs = new_table(100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(open_lowest(), i);
	assert_int_equal(open_lowest(), -EMFILE);
	done_table(fs, 100);
}

static void test_close(void **state)
{
	struct files *fs = new_table(1024);
	assert_int_equal(fd_close(0), -EBADF);
	assert_int_equal(fd_close(-1), -EBADF);
	assert_int_equal(fd_close(5000), -EBADF);
	assert_int_equal(open_lowest(), 0);
	lock_releases = 0;
	assert_int_equal(fd_close(0), 0);
	assert_int_equal(lock_releases, 1); /* a close drops the record locks */
	assert_int_equal(released_files, 1);
	assert_int_equal(fd_close(0), -EBADF);
	assert_false(is_open(0));
	/* a file in two slots (dup) lives until its last descriptor closes */
	struct file *f = new_file();
	assert_int_equal(fd_install(f, 0, false), 0);
	file_get(f);
	assert_int_equal(fd_install(f, 0, false), 1);
	assert_int_equal(fd_close(0), 0);
	assert_int_equal(released_files, 1);
	assert_int_equal(fd_close(1), 0);
	assert_int_equal(released_files, 2);
	done_table(fs, 0);
}

static void test_cloexec_bits(void **state)
{
	struct files *fs = new_table(1024);
	assert_int_equal(open_at_least(0, true), 0);
	assert_int_equal(open_at_least(0, false), 1);
	assert_true(fd_get_cloexec(0));
	assert_false(fd_get_cloexec(1));
	fd_set_cloexec(1, true);
	fd_set_cloexec(0, false);
	assert_false(fd_get_cloexec(0));
	assert_true(fd_get_cloexec(1));
	/* a slot reused without O_CLOEXEC does not inherit the old bit */
	assert_int_equal(fd_close(1), 0);
	assert_int_equal(open_at_least(0, false), 1);
	assert_false(fd_get_cloexec(1));
	assert_false(fd_get_cloexec(-1));
	assert_false(fd_get_cloexec(100000));
	done_table(fs, 2);
}

static void test_fork_and_exec(void **state)
{
	struct files *parent = new_table(1024);
	for (int i = 0; i < 70; i++)
		assert_int_equal(open_at_least(0, i % 2 == 1), i);
	int err = 0;
	/* fd 69 open: 128 slots copied, more than fs.nr_open 64 allows; 65
	 * rounds up to 128, enough */
	assert_int_equal(files_set_nr_open(63), -EINVAL);
	assert_int_equal(files_set_nr_open(64), 0);
	assert_null(files_dup(parent, &err));
	assert_int_equal(err, -EMFILE);
	assert_int_equal(files_set_nr_open(65), 0);
	struct files *child = files_dup(parent, &err);
	assert_non_null(child);
	assert_int_equal(files_set_nr_open(NR_OPEN_MAX), 0);
	assert_int_equal(fd_close(0), 0); /* the parent's close: the child still holds it */
	assert_int_equal(released_files, 0);
	task.files = child;
	assert_true(is_open(0));
	files_close_on_exec(child);	     /* the odd fds go in the child only */
	assert_int_equal(released_files, 0); /* the parent still holds them */
	for (int i = 0; i < 70; i++) {
		assert_int_equal(is_open(i), i % 2 == 0);
		assert_false(fd_get_cloexec(i));
	}
	assert_int_equal(open_lowest(), 1); /* the lowest hole after exec */
	drop_table(child, 2);		    /* fd 0 (the parent closed it) and the new fd 1 */
	task.files = parent;
	assert_false(is_open(0));
	assert_true(is_open(1) && fd_get_cloexec(1));
	done_table(parent, 69);
}

/* dup3's fd_replace: what the slot held is closed (its record locks
 * dropped) in the same step as the new file goes in; an empty slot past the
 * table's end grows the table; the cloexec bit is the new one's. */
static void test_replace(void **state)
{
	struct files *fs = new_table(1024);
	assert_int_equal(open_at_least(0, true), 0);
	struct file *f = new_file();
	lock_releases = 0;
	assert_int_equal(fd_replace(f, 0, false), 0);
	assert_int_equal(released_files, 1); /* the old file of fd 0 */
	assert_int_equal(lock_releases, 1);
	assert_false(fd_get_cloexec(0));
	struct file *g = fd_get(0);
	assert_ptr_equal(g, f);
	file_put(g);
	/* the same file in a second slot far past the first table */
	file_get(f);
	assert_int_equal(fd_replace(f, 700, true), 700);
	assert_true(is_open(700) && fd_get_cloexec(700));
	assert_int_equal(released_files, 1);
	assert_int_equal(open_lowest(), 1); /* the lowest hole is unchanged */
	assert_int_equal(fd_close(0), 0);
	assert_int_equal(released_files, 1); /* fd 700 still holds it */
	done_table(fs, 2);
}

/* close_range's fd_close_range: every open fd of [first, last] closes (the
 * record locks of each dropped), free slots and slots past the table are
 * skipped, a last of ~0 stops at the table's end; with cloexec the open fds
 * of the range get the bit, free ones stay free, nothing closes. */
static void test_close_range(void **state)
{
	struct files *fs = new_table(1024);
	for (int i = 0; i < 10; i++)
		assert_int_equal(open_lowest(), i);
	assert_int_equal(fd_close(4), 0);
	assert_int_equal(open_at_least(100, false), 100);
	released_files = lock_releases = 0;
	fd_close_range(3, 6, false); /* 3, 5, 6: fd 4 is free already */
	assert_int_equal(released_files, 3);
	assert_int_equal(lock_releases, 3);
	for (int i = 0; i < 10; i++)
		assert_int_equal(is_open(i), i < 3 || i > 6);
	fd_close_range(3, 6, false); /* nothing left there */
	assert_int_equal(released_files, 3);

	fd_close_range(0, ~0u, true); /* cloexec: the bits of the open ones, none closed */
	assert_int_equal(released_files, 3);
	for (int i = 0; i < 10; i++)
		assert_int_equal(fd_get_cloexec(i), i < 3 || i > 6);
	assert_true(fd_get_cloexec(100));
	assert_int_equal(open_lowest(), 3); /* a reused slot does not inherit the bit */
	assert_false(fd_get_cloexec(3));

	fd_close_range(8, ~0u, false); /* to the table's end: 8, 9 and 100 */
	assert_int_equal(released_files, 6);
	assert_false(is_open(100));
	assert_true(is_open(7));
	fd_close_range(5000, ~0u, false); /* wholly past the table */
	assert_int_equal(released_files, 6);
	done_table(fs, 5); /* 0, 1, 2, 3 and 7 */
}

static void test_file_max(void **state)
{
	struct files *fs = new_table(1024);
	files_init();
	/* (262144 - 1.5 * 10000 used) pages of 4 KiB, a tenth of it in KiB */
	assert_int_equal(files_max(), (262144 - 15000) * 4 / 10);
	u64 base = files_nr();
	files_set_max(base + 2);
	struct file *a = new_file(), *b = new_file();
	assert_int_equal(files_nr(), base + 2);
	fake_cap_sys_admin = false;
	assert_null(file_alloc(&test_ops, NULL, 0)); /* ENFILE */
	struct file *c;
	assert_int_equal(file_new(&c), -ENFILE);
	assert_int_equal(files_nr(), base + 2);
	fake_cap_sys_admin = true;
	c = new_file(); /* root passes the limit */
	assert_int_equal(files_nr(), base + 3);
	file_put(c);
	file_put(b);
	fake_cap_sys_admin = false;
	b = new_file(); /* a slot was given back */
	file_put(b);
	file_put(a);
	assert_int_equal(files_nr(), base);
	files_set_max(8192);
	done_table(fs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lowest_free),
		cmocka_unit_test(test_minimum),
		cmocka_unit_test(test_grows_past_the_first_slots),
		cmocka_unit_test(test_rlimit_nofile),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_cloexec_bits),
		cmocka_unit_test(test_fork_and_exec),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_close_range),
		cmocka_unit_test(test_file_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
