/*
 * keyctl_quota.c — the key quotas (Linux security/keys/key.c key_alloc,
 * /proc/sys/kernel/keys): their default values, writes out of range
 * (EINVAL), and a user other than root stopped with EDQUOT at maxkeys keys
 * (its thread keyring counts) and at maxbytes bytes (a description's length
 * + 1 counts), while root's own limits are untouched. Only failures at the
 * key's allocation are provoked: Linux gives back the quota of a key that
 * failed later from its garbage collector, a moment after the call, and the
 * keys of an exited process the same way: each run takes fresh uids (from
 * its pid) so that a run before it in the same boot cannot be seen.
 */
#include "lvtest.h"

#include <string.h>
#include <sys/wait.h>

#define KEYS_SYSCTL "/proc/sys/kernel/keys/"
#define KEY_SPEC_THREAD_KEYRING -1

static const char *const names[] = {"gc_delay", "maxbytes", "maxkeys", "root_maxbytes", "root_maxkeys"};

static long add_key(const char *type, const char *desc, const void *payload, size_t plen, int ring)
{
	return syscall(SYS_add_key, type, desc, payload, plen, ring);
}

static void set(const char *name, const char *value)
{
	char path[96], label[96];
	snprintf(path, sizeof(path), KEYS_SYSCTL "%s", name);
	snprintf(label, sizeof(label), "write %s=%s", name, value);
	long r = write_sysctl(path, value);
	show_ret(label, r < 0 ? -1 : 0, errno);
}

/* In a child as uid: add keys until one fails; prints how many were added. */
static void fill_as(uid_t uid, const char *desc_prefix)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(uid)) {
			say("setuid failed\n");
			_exit(1);
		}
		int n = 0;
		long r;
		char desc[32];
		do {
			snprintf(desc, sizeof(desc), "%s%d", desc_prefix, n);
			r = add_key("user", desc, "x", 1, KEY_SPEC_THREAD_KEYRING);
		} while (r > 0 && ++n < 100);
		say("%s added %d keys, then: %s\n", uid ? "a user" : "root", n, r > 0 ? "none failed" : errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

int main(void)
{
	char text[64];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[96];
		snprintf(path, sizeof(path), KEYS_SYSCTL "%s", names[i]);
		slurp_file(path, text, sizeof(text));
		say("%s: %s", names[i], text);
	}
	set("maxkeys", "0");
	set("maxkeys", "-1");
	set("maxkeys", "abc");

	uid_t user = 10000 + 2 * (uid_t)getpid();
	set("maxkeys", "4");
	fill_as(user, "k");
	fill_as(0, "root");
	set("maxkeys", "200");

	set("maxbytes", "40");
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(user + 1))
			_exit(1);
		long r = add_key("user", "small", "x", 1, KEY_SPEC_THREAD_KEYRING);
		say("a small key: %s\n", r > 0 ? "added" : errname(errno));
		char desc[64];
		memset(desc, 'd', sizeof(desc) - 1);
		desc[sizeof(desc) - 1] = 0;
		expect_err("a 63-byte description", add_key("user", desc, "x", 1, KEY_SPEC_THREAD_KEYRING), errno,
			   EDQUOT);
		desc[10] = 0;
		r = add_key("user", desc, "x", 1, KEY_SPEC_THREAD_KEYRING);
		say("a 10-byte description: %s\n", r > 0 ? "added" : errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	set("maxbytes", "20000");
	done();
	return 0;
}
