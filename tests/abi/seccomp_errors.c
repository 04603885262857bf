/* seccomp_errors: seccomp(2)'s and prctl(PR_SET_SECCOMP)'s errors and
 * modes (Linux kernel/seccomp.c, net/core/filter.c bpf_check_classic):
 * bad operations and flags, unreadable programs (EFAULT), programs the
 * checker refuses (EINVAL: empty, too long, unknown opcode, a jump out
 * of the program, no RET at the end, a scratch word read before it is
 * stored, a misaligned or out-of-range load, a load seccomp does not
 * allow), EACCES without no_new_privs for a user without CAP_SYS_ADMIN,
 * the 32,768-instruction limit along a stack (ENOMEM), strict mode (read,
 * write and _exit allowed, anything else SIGKILL; no filter after it),
 * SECCOMP_GET_ACTION_AVAIL and SECCOMP_GET_NOTIF_SIZES, and TSYNC: a
 * sibling thread gets our filter, or its thread id comes back when its
 * own filters are not our ancestry (ESRCH with TSYNC_ESRCH). */
#include "seccomp_test.h"
#include <pthread.h>
#include <sys/mman.h>

static void show(const char *label, long r)
{
	say("%s: %ld %s\n", label, r, r < 0 ? errname(errno) : "");
}

static struct sf allow_all[] = {STMT(RET_K, SECCOMP_RET_ALLOW)};

static void bad_programs(void)
{
	no_new_privs();
	show("unknown operation", sys_seccomp(4, 0, allow_all));
	show("unknown flag", sys_seccomp(SECCOMP_SET_MODE_FILTER, 1u << 6, &(struct sfprog){1, allow_all}));
	show("TSYNC with NEW_LISTENER", sys_seccomp(SECCOMP_SET_MODE_FILTER, 1 | 8, &(struct sfprog){1, allow_all}));
	show("WAIT_KILLABLE_RECV alone", sys_seccomp(SECCOMP_SET_MODE_FILTER, 32, &(struct sfprog){1, allow_all}));
	show("fprog unmapped", sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, (void *)8));
	show("instructions unmapped", sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &(struct sfprog){1, (void *)8}));
	show("length 0", install(allow_all, 0, 0));
	static struct sf big[4097];
	for (int i = 0; i < 4097; i++)
		big[i] = STMT(RET_K, SECCOMP_RET_ALLOW);
	show("length 4097", install(big, 4097, 0));
	struct sf opcode[] = {STMT(0xff, 0), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("unknown opcode", install(opcode, 2, 0));
	struct sf far_jump[] = {JUMP(JEQ_K, 0, 5, 0), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("jump past the end", install(far_jump, 2, 0));
	struct sf ja_far[] = {STMT(0x05 /* JA */, 1), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("JA past the end", install(ja_far, 2, 0));
	struct sf no_ret[] = {STMT(LD_ABS_W, OFF_NR)};
	show("no RET at the end", install(no_ret, 1, 0));
	struct sf mem_unset[] = {STMT(0x60 /* LD MEM */, 3), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("scratch word read first", install(mem_unset, 2, 0));
	struct sf mem_one_path[] = {
		STMT(LD_ABS_W, OFF_NR),	    JUMP(JEQ_K, 1, 0, 1),	    STMT(0x02 /* ST */, 2),
		STMT(0x60 /* LD MEM */, 2), STMT(RET_K, SECCOMP_RET_ALLOW),
	};
	show("scratch word stored on one path only", install(mem_one_path, 5, 0));
	struct sf mem_ok[] = {STMT(0x02, 2), STMT(0x60, 2), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("scratch word stored then read", install(mem_ok, 3, 0));
	struct sf misaligned[] = {STMT(LD_ABS_W, 2), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("load misaligned", install(misaligned, 2, 0));
	struct sf past[] = {STMT(LD_ABS_W, 64), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("load at 64", install(past, 2, 0));
	struct sf half[] = {STMT(0x28 /* LD H ABS */, 0), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("halfword load", install(half, 2, 0));
	struct sf mod[] = {STMT(0x94 /* ALU MOD K */, 3), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("modulo", install(mod, 2, 0));
	struct sf div0[] = {STMT(0x34 /* ALU DIV K */, 0), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("division by constant 0", install(div0, 2, 0));
	struct sf shift[] = {STMT(0x64 /* ALU LSH K */, 32), STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("shift by 32", install(shift, 2, 0));
	struct sf ret_x[] = {STMT(0x0e /* RET X */, 0)};
	show("RET X", install(ret_x, 1, 0));
	struct sf len[] = {STMT(0x80 /* LD W LEN */, 0), JUMP(JEQ_K, 64, 1, 0), STMT(RET_K, SECCOMP_RET_KILL_PROCESS),
			   STMT(RET_K, SECCOMP_RET_ALLOW)};
	show("BPF_LEN is 64", install(len, 4, 0));
	show("still alive", 0);
}

static void without_no_new_privs(void)
{
	show("root without no_new_privs", install(allow_all, 1, 0));
	if (setuid(65534) != 0)
		say("setuid: %s\n", errname(errno));
	show("nobody without no_new_privs", install(allow_all, 1, 0));
	show("PR_SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
	show("PR_SET_NO_NEW_PRIVS with arg3", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0));
	show("PR_GET_NO_NEW_PRIVS with arg2", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
	no_new_privs();
	show("nobody with no_new_privs", install(allow_all, 1, 0));
	show("prctl PR_SET_SECCOMP 2", prctl(PR_SET_SECCOMP, 2, &(struct sfprog){1, allow_all}, 0, 0));
	show("prctl PR_SET_SECCOMP 3", prctl(PR_SET_SECCOMP, 3, 0, 0, 0));
	show("strict after a filter", sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL));
}

static void path_limit(void)
{
	no_new_privs();
	static struct sf big[4096];
	for (int i = 0; i < 4096; i++)
		big[i] = STMT(RET_K, SECCOMP_RET_ALLOW);
	for (int i = 1; i <= 9; i++) {
		long r = install(big, 4096, 0);
		if (r != 0) {
			say("filter %d of 4,096 instructions: %s\n", i, errname(errno));
			return;
		}
	}
	say("no limit\n");
}

/* The limit counts instructions as Linux converts them: a conditional
 * jump with both branches taken elsewhere and a negative constant is
 * three, so three of these 4,096-instruction filters are too many. */
static void path_limit_converted(void)
{
	no_new_privs();
	static struct sf jumps[4096];
	for (int i = 0; i < 4094; i++)
		jumps[i] = JUMP(0x45 /* JSET K */, 0x80000001u, 1, 1);
	jumps[4094] = STMT(RET_K, SECCOMP_RET_ALLOW);
	jumps[4095] = STMT(RET_K, SECCOMP_RET_ALLOW);
	for (int i = 1; i <= 9; i++) {
		long r = install(jumps, 4096, 0);
		if (r != 0) {
			say("filter %d of 4,094 jumps: %s\n", i, errname(errno));
			return;
		}
	}
	say("no limit\n");
}

static void strict_mode(void)
{
	show("strict with flags", sys_seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL));
	show("strict with args", sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, allow_all));
	if (sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL) != 0)
		say("strict: %s\n", errname(errno));
	const char msg[] = "write allowed in strict mode\n";
	syscall(SYS_write, 1, msg, sizeof(msg) - 1);
	syscall(SYS_getpid); /* SIGKILL */
	syscall(SYS_write, 1, "survived\n", 9);
}

static void strict_exit(void)
{
	prctl(PR_SET_SECCOMP, 1, 0, 0, 0);
	syscall(SYS_exit, 3); /* exit is allowed (exit_group is not) */
}

static void strict_then_filter(void)
{
	prctl(PR_SET_SECCOMP, 1, 0, 0, 0);
	syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL); /* not allowed: SIGKILL */
	syscall(SYS_write, 1, "survived\n", 9);
}

static void queries(void)
{
	const struct {
		const char *name;
		uint32_t action;
	} actions[] = {
		{"KILL_PROCESS", SECCOMP_RET_KILL_PROCESS},
		{"KILL_THREAD", SECCOMP_RET_KILL_THREAD},
		{"TRAP", SECCOMP_RET_TRAP},
		{"ERRNO", SECCOMP_RET_ERRNO},
		{"TRACE", SECCOMP_RET_TRACE},
		{"LOG", SECCOMP_RET_LOG},
		{"ALLOW", SECCOMP_RET_ALLOW},
		{"0x00010000", 0x00010000},
		{"ERRNO|5", SECCOMP_RET_ERRNO | 5},
	};
	for (unsigned i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		uint32_t a = actions[i].action;
		char label[64];
		snprintf(label, sizeof label, "GET_ACTION_AVAIL %s", actions[i].name);
		show(label, sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &a));
	}
	uint32_t a = SECCOMP_RET_ALLOW;
	show("GET_ACTION_AVAIL with flags", sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 1, &a));
	show("GET_ACTION_AVAIL unmapped", sys_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, (void *)8));
	uint16_t sizes[3] = {0};
	show("GET_NOTIF_SIZES", sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, sizes));
	say("sizes: notif %u resp %u data %u\n", sizes[0], sizes[1], sizes[2]);
	show("GET_NOTIF_SIZES unmapped", sys_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, (void *)8));
}

static int to_thread[2], from_thread[2];
static volatile pid_t thread_tid;

/* The sibling: optionally a filter of its own, then it reports and waits
 * for the main thread's word before calling getppid. */
static void *sibling(void *own_filter)
{
	thread_tid = (pid_t)syscall(SYS_gettid);
	if (own_filter)
		install_for(SYS_getpgid, SECCOMP_RET_ERRNO | 3, 0);
	char c;
	(void)!write(from_thread[1], "r", 1);
	(void)!read(to_thread[0], &c, 1);
	long r = syscall(SYS_getppid);
	say("sibling getppid: %s errno %d\n", r > 0 ? "a pid" : "-1", r < 0 ? errno : 0);
	return NULL;
}

static void tsync(int own_filter)
{
	no_new_privs();
	if (pipe(to_thread) || pipe(from_thread))
		return;
	pthread_t t;
	pthread_create(&t, NULL, sibling, own_filter ? (void *)1 : NULL);
	char c;
	(void)!read(from_thread[0], &c, 1);
	long r = install_for(SYS_getppid, SECCOMP_RET_ERRNO | 8, SECCOMP_FILTER_FLAG_TSYNC);
	if (own_filter)
		say("TSYNC: %s\n", r == thread_tid ? "the sibling's thread id" : "something else");
	else
		show("TSYNC", r);
	if (own_filter)
		show("TSYNC_ESRCH", install_for(SYS_getppid, SECCOMP_RET_ERRNO | 8,
						SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_TSYNC_ESRCH));
	(void)!write(to_thread[1], "g", 1);
	pthread_join(t, NULL);
	char text[4096];
	slurp_file("/proc/self/status", text, sizeof text);
	char *p = strstr(text, "Seccomp_filters:");
	say("main %.*s\n", p ? (int)(strchr(p, '\n') - p) : 7, p ? p : "missing");
}

static void tsync_plain(void)
{
	tsync(0);
}

static void tsync_blocked(void)
{
	tsync(1);
}

int main(void)
{
	in_child("bad programs", bad_programs);
	in_child("without no_new_privs", without_no_new_privs);
	in_child("path limit", path_limit);
	in_child("path limit, converted", path_limit_converted);
	in_child("strict mode", strict_mode);
	in_child("strict mode exit", strict_exit);
	in_child("strict then filter", strict_then_filter);
	in_child("queries", queries);
	in_child("TSYNC", tsync_plain);
	in_child("TSYNC refused", tsync_blocked);
	done();
	return 0;
}
