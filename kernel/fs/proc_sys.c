/*
 * proc_sys.c — /proc/sys (Linux kernel/sysctl.c and the ctl_tables of each
 * subsystem): the files of kernel/, vm/, fs/ and net/. Each file reads
 * what its subsystem keeps (through that subsystem's getter, formatter or
 * table) and a write hands the parsed value to its setter, with the checks
 * of Linux's handler (proc_dointvec_minmax and friends; the parsing is
 * fs/sysctl_int.c's). An integer kept behind a getter and a setter is one
 * row of the sysctl_int table (SYSCTL_INT). The tree itself, the inodes,
 * the snapshot made at open and the write path are procfs.c's
 * (proc_internal.h); a /proc/sys file's mode binds root too (.sysctl).
 * No lock of its own: each subsystem guards what it keeps.
 */
#include <vfs.h>

#include <aio.h>
#include <cgroup.h>
#include <coredump.h>
#include <cred.h>
#include <format.h>
#include <fs.h>
#include <fs_context.h>
#include <fsnotify.h>
#include <key.h>
#include <kmalloc.h>
#include <loadavg.h>
#include <mm.h>
#include <mqueue.h>
#include <net.h>
#include <nsfs.h>
#include <page.h>
#include <process.h>
#include <ptrace.h>
#include <random.h>
#include <seccomp.h>
#include <smp.h>
#include <string.h>
#include <sysvipc.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>
#include <uapi/prctl.h>
#include <uapi/resource.h>
#include <uapi/sched.h>
#include <uapi/stat.h>
#include <userfaultfd.h>
#include <uts.h>

#include "proc_internal.h"

static void fill_hostname(struct proc_target *pt, struct snapshot *s)
{
	char name[UTS_NAME_LEN + 1];
	uts_get(cred_current()->uts_ns, UTS_NAME_HOST, name);
	snap_printf(s, "%s\n", name);
}

static void fill_domainname(struct proc_target *pt, struct snapshot *s)
{
	char name[UTS_NAME_LEN + 1];
	uts_get(cred_current()->uts_ns, UTS_NAME_DOMAIN, name);
	snap_printf(s, "%s\n", name);
}

/* proc_do_uts_string (proc_dostring): the text up to the first newline or
 * NUL, cut at UTS_NAME_LEN bytes, replaces the name. */
static int store_uts(enum uts_name which, const char *text, size_t len)
{
	size_t n = 0;
	while (n < len && n < UTS_NAME_LEN && text[n] != '\n' && text[n] != '\0')
		n++;
	uts_set(cred_current()->uts_ns, which, text, n);
	return 0;
}

static int store_hostname(const char *text, size_t len)
{
	return store_uts(UTS_NAME_HOST, text, len);
}

static int store_domainname(const char *text, size_t len)
{
	return store_uts(UTS_NAME_DOMAIN, text, len);
}

static void fill_ostype(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%s\n", UTS_SYSNAME);
}

static void fill_osrelease(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%s\n", UTS_RELEASE);
}

/* kernel/utsname_sysctl.c "version": uname's version field. */
static void fill_kernel_version(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%s\n", UTS_VERSION);
}

static void fill_pid_max(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", pid_max());
}

static void fill_ns_last_pid(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", pid_last());
}

/* kernel.ns_last_pid (Linux pid_ns_ctl_handler, for checkpoint/restore):
 * mode 0666 but a write needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE);
 * 0..pid_max; the next new pid is the first free one after it. */
static int store_ns_last_pid(const char *text, size_t len)
{
	int value;
	if (!capable(CAP_SYS_ADMIN) && !capable(CAP_CHECKPOINT_RESTORE))
		return -EPERM;
	int err = sysctl_parse_int(text, len, &value);
	if (err || value < 0 || value > pid_max())
		return -EINVAL;
	pid_set_last(value);
	return 0;
}

/* kernel.sched_rt_period_us and sched_rt_runtime_us (Linux sched_rt_handler:
 * proc_dointvec, then checked together; sys_sched.c keeps them). */
static void fill_sched_rt_period(struct proc_target *pt, struct snapshot *s)
{
	int period, runtime;
	sched_rt_limits(&period, &runtime);
	snap_printf(s, "%d\n", period);
}

static void fill_sched_rt_runtime(struct proc_target *pt, struct snapshot *s)
{
	int period, runtime;
	sched_rt_limits(&period, &runtime);
	snap_printf(s, "%d\n", runtime);
}

static int store_sched_rt_period(const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	return err ? err : sched_rt_set_limit(false, value);
}

static int store_sched_rt_runtime(const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	return err ? err : sched_rt_set_limit(true, value);
}

/* kernel.pid_max: proc_dointvec_minmax from pid_max_min to pid_max_max. */
static int store_pid_max(const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	if (err || value < RESERVED_PIDS + 1 || value > PID_MAX_LIMIT)
		return -EINVAL;
	pid_set_max(value);
	return 0;
}

/* kernel.core_pattern (fs/coredump.c; Linux proc_dostring_coredump). */
static void fill_core_pattern(struct proc_target *pt, struct snapshot *s)
{
	char pattern[CORENAME_MAX_SIZE];
	coredump_pattern_get(pattern);
	snap_printf(s, "%s\n", pattern);
}

/*
 * kernel.tainted (Linux proc_taint): the TAINT_* bits; nothing here taints
 * the kernel, so 0 until root writes bits, which are ORed in and never
 * cleared, as in Linux.
 */
static unsigned long tainted;

static void fill_tainted(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", __atomic_load_n(&tainted, __ATOMIC_RELAXED));
}

static int store_tainted(const char *text, size_t len)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, ~0ULL, &value);
	if (err)
		return err;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	__atomic_fetch_or(&tainted, (unsigned long)value, __ATOMIC_RELAXED);
	return 0;
}

/* vm.overcommit_memory (mm/util.c, vm.c): proc_dointvec_minmax, 0 to 2. */
static void fill_overcommit(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", vm_overcommit_get(VM_OVERCOMMIT_MODE));
}

static int store_overcommit(const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	if (err || value < 0 || value > 2)
		return -EINVAL;
	vm_overcommit_set(VM_OVERCOMMIT_MODE, (u64)value);
	return 0;
}

/* vm.overcommit_ratio: proc_dointvec; writing it clears overcommit_kbytes. */
static void fill_overcommit_ratio(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", vm_overcommit_get(VM_OVERCOMMIT_RATIO));
}

static int store_overcommit_ratio(const char *text, size_t len)
{
	int value;
	int err = sysctl_parse_int(text, len, &value);
	if (!err)
		vm_overcommit_set(VM_OVERCOMMIT_RATIO, (u64)(s64)value);
	return err;
}

/* vm.overcommit_kbytes: proc_doulongvec_minmax; writing it clears overcommit_ratio. */
static void fill_overcommit_kbytes(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)vm_overcommit_kbytes());
}

static int store_overcommit_kbytes(const char *text, size_t len)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, ~0ULL, &value);
	if (!err)
		vm_overcommit_set(VM_OVERCOMMIT_KBYTES, value);
	return err;
}

/* fs.aio-nr (read-only) and fs.aio-max-nr (fs/aio.c): proc_doulongvec_minmax. */
static void fill_aio_nr(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)aio_nr_get());
}

static void fill_aio_max_nr(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)aio_max_nr_get());
}

static int store_aio_max_nr(const char *text, size_t len)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, ~0ULL, &value);
	if (!err)
		aio_max_nr_set(value);
	return err;
}

/* fs.file-max (fs/file.c): proc_doulongvec_minmax, 0 to LONG_MAX. */
static void fill_file_max(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)files_max());
}

static int store_file_max(const char *text, size_t len)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, ~0ULL >> 1, &value);
	if (!err)
		files_set_max(value);
	return err;
}

/* fs.file-nr: open files, 0 (freed ones kept: none since 2.6), file-max. */
static void fill_file_nr(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\t0\t%lu\n", (unsigned long)files_nr(), (unsigned long)files_max());
}

/* fs/pipe.c pipe_max_size: F_SETPIPE_SZ's limit for non-root. */
static void fill_pipe_max_size(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%u\n", pipe_max_size_get());
}

static int store_pipe_max_size(const char *text, size_t len)
{
	u32 value;
	int err = sysctl_parse_uint(text, len, &value);
	return err ? err : pipe_max_size_set(value);
}

/* fs.pipe-user-pages-soft and -hard (fs/pipe_user.c): proc_doulongvec_minmax. */
static int store_pipe_user_pages(bool hard, const char *text, size_t len)
{
	u64 value;
	int err = sysctl_parse_ulong(text, len, ~0ULL, &value);
	if (!err)
		pipe_user_pages_set_limit(hard, value);
	return err;
}

static void fill_pipe_user_pages_soft(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)pipe_user_pages_limit(false));
}

static void fill_pipe_user_pages_hard(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%lu\n", (unsigned long)pipe_user_pages_limit(true));
}

static int store_pipe_user_pages_soft(const char *text, size_t len)
{
	return store_pipe_user_pages(false, text, len);
}

static int store_pipe_user_pages_hard(const char *text, size_t len)
{
	return store_pipe_user_pages(true, text, len);
}

/* fs.lease-break-time and fs.leases-enable (fs/locks.c): proc_dointvec. */
static void fill_lease_break_time(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", lease_sysctl_get(false));
}

static int store_lease_break_time(const char *text, size_t len)
{
	return lease_sysctl_set(false, text, len);
}

static void fill_leases_enable(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%d\n", lease_sysctl_get(true));
}

static int store_leases_enable(const char *text, size_t len)
{
	return lease_sysctl_set(true, text, len);
}

/* A version 4 UUID as drivers/char/random.c proc_do_uuid prints it. */
static void print_uuid(struct snapshot *s, u8 *b)
{
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snap_printf(s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n", b[0], b[1], b[2], b[3],
		    b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static struct spinlock boot_id_lock = SPINLOCK_INIT("boot_id");
static u8 boot_id[16];	 /* [boot_id_lock] */
static bool boot_id_set; /* [boot_id_lock] */

/* random/boot_id: one UUID for the whole boot, made when first read. */
static void fill_boot_id(struct proc_target *pt, struct snapshot *s)
{
	u8 fresh[16], copy[16];
	random_get_bytes(fresh, sizeof(fresh));
	unsigned long irq = spin_lock_irqsave(&boot_id_lock);
	if (!boot_id_set) {
		memcpy(boot_id, fresh, sizeof(boot_id));
		boot_id_set = true;
	}
	memcpy(copy, boot_id, sizeof(copy));
	spin_unlock_irqrestore(&boot_id_lock, irq);
	print_uuid(s, copy);
}

/* random/uuid: a new UUID on each read. */
static void fill_uuid(struct proc_target *pt, struct snapshot *s)
{
	u8 b[16];
	random_get_bytes(b, sizeof(b));
	print_uuid(s, b);
}

#define INT_ANY .min = INT32_MIN, .max = INT32_MAX /* proc_dointvec: any int */

static const struct sysctl_int threads_max_ctl = {.get = threads_max, .set_checked = threads_max_set, INT_ANY};
static const struct sysctl_int core_uses_pid_ctl = {
	.get = coredump_uses_pid_get, .set = coredump_uses_pid_set, INT_ANY};
static const struct sysctl_int core_pipe_limit_ctl = {
	.get = coredump_pipe_limit_get, .set = coredump_pipe_limit_set, INT_ANY};
static const struct sysctl_int perf_event_paranoid_ctl = {
	.get = perf_event_paranoid, .set = perf_event_set_paranoid, INT_ANY};
static const struct sysctl_int max_map_count_ctl = {
	.get = vm_max_map_count, .set = vm_set_max_map_count, .min = 0, .max = INT32_MAX};
/* min_free_kbytes_sysctl_handler: proc_dointvec_minmax from 0 */
static const struct sysctl_int min_free_kbytes_ctl = {
	.get = page_min_free_kbytes, .set = page_set_min_free_kbytes, .min = 0, .max = INT32_MAX};
static const struct sysctl_int panic_on_oom_ctl = {
	.get = oom_panic_on_oom, .set = oom_set_panic_on_oom, .min = 0, .max = 2};
static const struct sysctl_int unprivileged_userfaultfd_ctl = {
	.get = uffd_sysctl_get, .set = uffd_sysctl_set, .min = 0, .max = 1};
static const struct sysctl_int nr_open_ctl = {.get = files_nr_open, .set_checked = files_set_nr_open, INT_ANY};
/* proc_dointvec_jiffies: seconds that fit an int of jiffies (HZ 250) */
static const struct sysctl_int tcp_fin_timeout_ctl = {
	.get = tcp_fin_timeout_get, .set = tcp_fin_timeout_set, .min = INT32_MIN / 250, .max = INT32_MAX / 250};

void proc_sysctl_int_fill(const struct sysctl_int *c, struct snapshot *s)
{
	snap_printf(s, "%d\n", c->get());
}

int proc_sysctl_int_store(const struct sysctl_int *c, const char *text, size_t len)
{
	int value;
	if (sysctl_parse_int(text, len, &value) || value < c->min || value > c->max)
		return -EINVAL;
	if (c->set_checked)
		return c->set_checked(value);
	c->set(value);
	return 0;
}

/* random/entropy_avail and poolsize (drivers/char/random.c, 6.1: the
 * pool's 256 bits, full once seeded) */
static void fill_entropy_avail(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "%u\n", random_entropy_count());
}

static void fill_poolsize(struct proc_target *pt, struct snapshot *s)
{
	snap_printf(s, "256\n");
}

/* kernel/seccomp (proc/seccomp.c keeps the set logged) */
static void fill_seccomp_actions_avail(struct proc_target *pt, struct snapshot *s)
{
	s->len = MIN(seccomp_actions_avail_format(s->text, s->cap), s->cap - 1);
}

static void fill_seccomp_actions_logged(struct proc_target *pt, struct snapshot *s)
{
	s->len = MIN(seccomp_actions_logged_format(s->text, s->cap), s->cap - 1);
}

static const struct proc_entry sys_kernel_seccomp_entries[] = {
	SYSCTL_RO_FILE("actions_avail", fill_seccomp_actions_avail),
	SYSCTL_FILE("actions_logged", fill_seccomp_actions_logged, seccomp_actions_logged_store),
	{.name = NULL},
};

static const struct proc_entry sys_kernel_random_entries[] = {
	SYSCTL_RO_FILE("boot_id", fill_boot_id),
	SYSCTL_RO_FILE("entropy_avail", fill_entropy_avail),
	SYSCTL_RO_FILE("poolsize", fill_poolsize),
	SYSCTL_RO_FILE("uuid", fill_uuid),
	{.name = NULL},
};

/* /proc/sys/kernel's System V IPC limits (ipc/ formats and stores them). */
static void fill_kernel_sem(struct proc_target *pt, struct snapshot *s)
{
	s->len = MIN(sem_sysctl_format(s->text, s->cap), s->cap - 1);
}

/*
 * A /proc/sys file of one limit that another subsystem keeps in a table:
 * fill_NAME is format_fn(which, text, cap), which formats as snprintf does,
 * and store_NAME is store_fn(which, text, len) (the System V IPC limits of
 * sysvipc.h, the inotify ones of fsnotify.h, the mqueue ones of mqueue.h).
 */
#define SYSCTL_LIMIT(name, format_fn, store_fn, which)                       \
	static void fill_##name(struct proc_target *pt, struct snapshot *s)  \
	{                                                                    \
		s->len = MIN(format_fn(which, s->text, s->cap), s->cap - 1); \
	}                                                                    \
	static int store_##name(const char *text, size_t len)                \
	{                                                                    \
		return store_fn(which, text, len);                           \
	}
SYSCTL_LIMIT(kernel_msgmax, msg_sysctl_format, msg_sysctl_store, SYSVIPC_MSGMAX)
SYSCTL_LIMIT(kernel_msgmnb, msg_sysctl_format, msg_sysctl_store, SYSVIPC_MSGMNB)
SYSCTL_LIMIT(kernel_msgmni, msg_sysctl_format, msg_sysctl_store, SYSVIPC_MSGMNI)
SYSCTL_LIMIT(kernel_shmall, shm_sysctl_format, shm_sysctl_store, SYSVIPC_SHMALL)
SYSCTL_LIMIT(kernel_shmmax, shm_sysctl_format, shm_sysctl_store, SYSVIPC_SHMMAX)
SYSCTL_LIMIT(kernel_shmmni, shm_sysctl_format, shm_sysctl_store, SYSVIPC_SHMMNI)

/* /proc/sys/kernel/keys (proc/key.c keeps the quotas). */
#define KEY_LIMIT_FILE(name, which)                                                  \
	static void fill_keys_##name(struct proc_target *pt, struct snapshot *s)     \
	{                                                                            \
		s->len = MIN(key_sysctl_format(which, s->text, s->cap), s->cap - 1); \
	}                                                                            \
	static int store_keys_##name(const char *text, size_t len)                   \
	{                                                                            \
		u64 value;                                                           \
		int err = sysctl_parse_ulong(text, len, 0x7fffffff, &value);         \
		return err ? err : key_sysctl_set(which, value);                     \
	}
KEY_LIMIT_FILE(gc_delay, KEY_SYSCTL_GC_DELAY)
KEY_LIMIT_FILE(maxbytes, KEY_SYSCTL_MAXBYTES)
KEY_LIMIT_FILE(maxkeys, KEY_SYSCTL_MAXKEYS)
KEY_LIMIT_FILE(root_maxbytes, KEY_SYSCTL_ROOT_MAXBYTES)
KEY_LIMIT_FILE(root_maxkeys, KEY_SYSCTL_ROOT_MAXKEYS)

static const struct proc_entry sys_kernel_keys_entries[] = {
	SYSCTL_FILE("gc_delay", fill_keys_gc_delay, store_keys_gc_delay),
	SYSCTL_FILE("maxbytes", fill_keys_maxbytes, store_keys_maxbytes),
	SYSCTL_FILE("maxkeys", fill_keys_maxkeys, store_keys_maxkeys),
	SYSCTL_FILE("root_maxbytes", fill_keys_root_maxbytes, store_keys_root_maxbytes),
	SYSCTL_FILE("root_maxkeys", fill_keys_root_maxkeys, store_keys_root_maxkeys),
	{.name = NULL},
};

/* kernel.printk (Linux proc_dointvec over console_printk's four ints). */
static void fill_kernel_printk(struct proc_target *pt, struct snapshot *s)
{
	int levels[4];
	printk_levels(levels);
	snap_printf(s, "%d\t%d\t%d\t%d\n", levels[0], levels[1], levels[2], levels[3]);
}

static int store_kernel_printk(const char *text, size_t len)
{
	int levels[4], n;
	int err = sysctl_parse_int_vector(text, len, levels, 4, &n);
	printk_set_levels(levels, n);
	return err;
}

static const struct proc_entry sys_kernel_entries[] = {
	SYSCTL_FILE("core_pattern", fill_core_pattern, coredump_pattern_set),
	SYSCTL_INT("core_pipe_limit", core_pipe_limit_ctl),
	SYSCTL_INT("core_uses_pid", core_uses_pid_ctl),
	SYSCTL_FILE("domainname", fill_domainname, store_domainname),
	SYSCTL_FILE("hostname", fill_hostname, store_hostname),
	{.name = "keys", .mode = S_IFDIR | 0555, .children = sys_kernel_keys_entries},
	SYSCTL_FILE("msgmax", fill_kernel_msgmax, store_kernel_msgmax),
	SYSCTL_FILE("msgmnb", fill_kernel_msgmnb, store_kernel_msgmnb),
	SYSCTL_FILE("msgmni", fill_kernel_msgmni, store_kernel_msgmni),
	SYSCTL_RO_FILE("osrelease", fill_osrelease),
	SYSCTL_RO_FILE("ostype", fill_ostype),
	{.name = "ns_last_pid",
	 .mode = S_IFREG | 0666,
	 .size = proc_small_size,
	 .fill = fill_ns_last_pid,
	 .store = store_ns_last_pid,
	 .sysctl = true},
	SYSCTL_INT("perf_event_paranoid", perf_event_paranoid_ctl),
	SYSCTL_FILE("pid_max", fill_pid_max, store_pid_max),
	SYSCTL_FILE("printk", fill_kernel_printk, store_kernel_printk),
	{.name = "random", .mode = S_IFDIR | 0555, .children = sys_kernel_random_entries},
	SYSCTL_FILE("sched_rt_period_us", fill_sched_rt_period, store_sched_rt_period),
	SYSCTL_FILE("sched_rt_runtime_us", fill_sched_rt_runtime, store_sched_rt_runtime),
	{.name = "seccomp", .mode = S_IFDIR | 0555, .children = sys_kernel_seccomp_entries},
	SYSCTL_FILE("sem", fill_kernel_sem, sem_sysctl_store),
	SYSCTL_FILE("shmall", fill_kernel_shmall, store_kernel_shmall),
	SYSCTL_FILE("shmmax", fill_kernel_shmmax, store_kernel_shmmax),
	SYSCTL_FILE("shmmni", fill_kernel_shmmni, store_kernel_shmmni),
	SYSCTL_FILE("tainted", fill_tainted, store_tainted),
	SYSCTL_INT("threads-max", threads_max_ctl),
	SYSCTL_RO_FILE("version", fill_kernel_version),
	{.name = NULL},
};

static const struct proc_entry sys_vm_entries[] = {
	SYSCTL_INT("max_map_count", max_map_count_ctl),
	SYSCTL_INT("min_free_kbytes", min_free_kbytes_ctl),
	SYSCTL_FILE("overcommit_memory", fill_overcommit, store_overcommit),
	SYSCTL_FILE("overcommit_ratio", fill_overcommit_ratio, store_overcommit_ratio),
	SYSCTL_FILE("overcommit_kbytes", fill_overcommit_kbytes, store_overcommit_kbytes),
	SYSCTL_INT("panic_on_oom", panic_on_oom_ctl),
	SYSCTL_INT("unprivileged_userfaultfd", unprivileged_userfaultfd_ctl),
	{.name = NULL},
};

/* net.ipv4.ip_local_port_range (net/ipv4.c keeps it): "low\thigh\n". */
static void fill_ip_local_port_range(struct proc_target *pt, struct snapshot *s)
{
	u16 low, high;
	inet_port_range(&low, &high);
	snap_printf(s, "%u\t%u\n", low, high);
}

/* net.ipv4.ping_group_range (net/icmp.c keeps it): "low\thigh\n". */
static void fill_ping_group_range(struct proc_target *pt, struct snapshot *s)
{
	u32 low, high;
	ping_group_range_get(&low, &high);
	snap_printf(s, "%u\t%u\n", low, high);
}

/* net.ipv4.conf.{all,default,lo}: the entries of the reader's network
 * namespace that net/netdev.c keeps (Linux has about forty; only these
 * are built). */
SYSCTL_LIMIT(conf_all_tag, net_conf_format, net_conf_store, NET_CONF_ALL *IPV4_CONF_MAX + IPV4_CONF_TAG)
SYSCTL_LIMIT(conf_default_tag, net_conf_format, net_conf_store, NET_CONF_DEFAULT *IPV4_CONF_MAX + IPV4_CONF_TAG)
SYSCTL_LIMIT(conf_lo_tag, net_conf_format, net_conf_store, NET_CONF_LO *IPV4_CONF_MAX + IPV4_CONF_TAG)

static const struct proc_entry sys_net_conf_all_entries[] = {
	SYSCTL_FILE("tag", fill_conf_all_tag, store_conf_all_tag),
	{.name = NULL},
};

static const struct proc_entry sys_net_conf_default_entries[] = {
	SYSCTL_FILE("tag", fill_conf_default_tag, store_conf_default_tag),
	{.name = NULL},
};

static const struct proc_entry sys_net_conf_lo_entries[] = {
	SYSCTL_FILE("tag", fill_conf_lo_tag, store_conf_lo_tag),
	{.name = NULL},
};

static const struct proc_entry sys_net_conf_entries[] = {
	{.name = "all", .mode = S_IFDIR | 0555, .children = sys_net_conf_all_entries},
	{.name = "default", .mode = S_IFDIR | 0555, .children = sys_net_conf_default_entries},
	{.name = "lo", .mode = S_IFDIR | 0555, .children = sys_net_conf_lo_entries},
	{.name = NULL},
};

SYSCTL_LIMIT(tcp_cong_default, tcp_cong_format, tcp_cong_store, TCP_CONG_SYSCTL_DEFAULT)

/* tcp_available_congestion_control and tcp_allowed_congestion_control
 * (read-only here: Linux lets root narrow the allowed list) */
static void fill_tcp_cong_list(struct proc_target *pt, struct snapshot *s)
{
	s->len = MIN(tcp_cong_format(TCP_CONG_SYSCTL_LIST, s->text, s->cap), s->cap - 1);
}

static const struct proc_entry sys_net_ipv4_entries[] = {
	{.name = "conf", .mode = S_IFDIR | 0555, .children = sys_net_conf_entries},
	SYSCTL_FILE("ip_local_port_range", fill_ip_local_port_range, inet_port_range_store),
	SYSCTL_FILE("ping_group_range", fill_ping_group_range, ping_group_range_store),
	SYSCTL_RO_FILE("tcp_allowed_congestion_control", fill_tcp_cong_list),
	SYSCTL_RO_FILE("tcp_available_congestion_control", fill_tcp_cong_list),
	SYSCTL_FILE("tcp_congestion_control", fill_tcp_cong_default, store_tcp_cong_default),
	SYSCTL_INT("tcp_fin_timeout", tcp_fin_timeout_ctl),
	{.name = NULL},
};

static const struct proc_entry sys_net_entries[] = {
	{.name = "ipv4", .mode = S_IFDIR | 0555, .children = sys_net_ipv4_entries},
	{.name = NULL},
};

/* The inotify and mqueue limits are ints: formatted for SYSCTL_LIMIT. */
static size_t format_fsnotify_limit(int which, char *buf, size_t cap)
{
	return (size_t)snprintf(buf, cap, "%d\n", fsnotify_sysctl_get(which));
}

static size_t format_mqueue_limit(int which, char *buf, size_t cap)
{
	return (size_t)snprintf(buf, cap, "%d\n", mqueue_sysctl_get(which));
}

SYSCTL_LIMIT(inotify_queued, format_fsnotify_limit, fsnotify_sysctl_set, INOTIFY_MAX_QUEUED_EVENTS)
SYSCTL_LIMIT(inotify_instances, format_fsnotify_limit, fsnotify_sysctl_set, INOTIFY_MAX_USER_INSTANCES)
SYSCTL_LIMIT(inotify_watches, format_fsnotify_limit, fsnotify_sysctl_set, INOTIFY_MAX_USER_WATCHES)

SYSCTL_LIMIT(fanotify_queued, format_fsnotify_limit, fsnotify_sysctl_set, FANOTIFY_MAX_QUEUED_EVENTS)
SYSCTL_LIMIT(fanotify_groups, format_fsnotify_limit, fsnotify_sysctl_set, FANOTIFY_MAX_USER_GROUPS)
SYSCTL_LIMIT(fanotify_marks, format_fsnotify_limit, fsnotify_sysctl_set, FANOTIFY_MAX_USER_MARKS)

static const struct proc_entry sys_fs_fanotify_entries[] = {
	SYSCTL_FILE("max_queued_events", fill_fanotify_queued, store_fanotify_queued),
	SYSCTL_FILE("max_user_groups", fill_fanotify_groups, store_fanotify_groups),
	SYSCTL_FILE("max_user_marks", fill_fanotify_marks, store_fanotify_marks),
	{.name = NULL},
};

static const struct proc_entry sys_fs_inotify_entries[] = {
	SYSCTL_FILE("max_queued_events", fill_inotify_queued, store_inotify_queued),
	SYSCTL_FILE("max_user_instances", fill_inotify_instances, store_inotify_instances),
	SYSCTL_FILE("max_user_watches", fill_inotify_watches, store_inotify_watches),
	{.name = NULL},
};

SYSCTL_LIMIT(mqueue_queues_max, format_mqueue_limit, mqueue_sysctl_set, MQ_QUEUES_MAX)
SYSCTL_LIMIT(mqueue_msg_max, format_mqueue_limit, mqueue_sysctl_set, MQ_MSG_MAX)
SYSCTL_LIMIT(mqueue_msgsize_max, format_mqueue_limit, mqueue_sysctl_set, MQ_MSGSIZE_MAX)
SYSCTL_LIMIT(mqueue_msg_default, format_mqueue_limit, mqueue_sysctl_set, MQ_MSG_DEFAULT)
SYSCTL_LIMIT(mqueue_msgsize_default, format_mqueue_limit, mqueue_sysctl_set, MQ_MSGSIZE_DEFAULT)

static const struct proc_entry sys_fs_mqueue_entries[] = {
	SYSCTL_FILE("msg_default", fill_mqueue_msg_default, store_mqueue_msg_default),
	SYSCTL_FILE("msg_max", fill_mqueue_msg_max, store_mqueue_msg_max),
	SYSCTL_FILE("msgsize_default", fill_mqueue_msgsize_default, store_mqueue_msgsize_default),
	SYSCTL_FILE("msgsize_max", fill_mqueue_msgsize_max, store_mqueue_msgsize_max),
	SYSCTL_FILE("queues_max", fill_mqueue_queues_max, store_mqueue_queues_max),
	{.name = NULL},
};

static const struct proc_entry sys_fs_entries[] = {
	SYSCTL_FILE("aio-max-nr", fill_aio_max_nr, store_aio_max_nr),
	SYSCTL_RO_FILE("aio-nr", fill_aio_nr),
	{.name = "fanotify", .mode = S_IFDIR | 0555, .children = sys_fs_fanotify_entries},
	SYSCTL_FILE("file-max", fill_file_max, store_file_max),
	SYSCTL_RO_FILE("file-nr", fill_file_nr),
	{.name = "inotify", .mode = S_IFDIR | 0555, .children = sys_fs_inotify_entries},
	SYSCTL_FILE("lease-break-time", fill_lease_break_time, store_lease_break_time),
	SYSCTL_FILE("leases-enable", fill_leases_enable, store_leases_enable),
	{.name = "mqueue", .mode = S_IFDIR | 0555, .children = sys_fs_mqueue_entries},
	SYSCTL_INT("nr_open", nr_open_ctl),
	SYSCTL_FILE("pipe-max-size", fill_pipe_max_size, store_pipe_max_size),
	SYSCTL_FILE("pipe-user-pages-hard", fill_pipe_user_pages_hard, store_pipe_user_pages_hard),
	SYSCTL_FILE("pipe-user-pages-soft", fill_pipe_user_pages_soft, store_pipe_user_pages_soft),
	{.name = NULL},
};

const struct proc_entry proc_sys_entries[] = {
	{.name = "fs", .mode = S_IFDIR | 0555, .children = sys_fs_entries},
	{.name = "kernel", .mode = S_IFDIR | 0555, .children = sys_kernel_entries},
	{.name = "net", .mode = S_IFDIR | 0555, .children = sys_net_entries},
	{.name = "vm", .mode = S_IFDIR | 0555, .children = sys_vm_entries},
	{.name = NULL},
};
