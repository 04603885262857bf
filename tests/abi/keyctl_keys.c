/*
 * keyctl_keys.c — the key retention service (man 7 keyrings, Linux
 * security/keys/): add_key of "user", "logon" and "keyring" keys into the
 * thread, process and session keyrings; KEYCTL_READ (the whole length, the
 * data only when it fits), DESCRIBE, UPDATE, SEARCH, LINK, UNLINK, CLEAR,
 * REVOKE, INVALIDATE, SETPERM, GET_KEYRING_ID, SET_REQKEY_KEYRING and
 * JOIN_SESSION_KEYRING; request_key finding a key, and failing without
 * /sbin/request-key (ENOENT, a negative key left behind); the errors of bad
 * arguments; which keyrings a child process, a thread and an exec'd program
 * keep. Serial numbers are random: only their relations are printed.
 */
#include "lvtest.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define KEY_SPEC_THREAD_KEYRING -1
#define KEY_SPEC_PROCESS_KEYRING -2
#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_SPEC_USER_KEYRING -4
#define KEY_SPEC_USER_SESSION_KEYRING -5
#define KEY_SPEC_GROUP_KEYRING -6
#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_UPDATE 2
#define KEYCTL_REVOKE 3
#define KEYCTL_SETPERM 5
#define KEYCTL_DESCRIBE 6
#define KEYCTL_CLEAR 7
#define KEYCTL_LINK 8
#define KEYCTL_UNLINK 9
#define KEYCTL_SEARCH 10
#define KEYCTL_READ 11
#define KEYCTL_SET_REQKEY_KEYRING 14
#define KEYCTL_INVALIDATE 21
#define KEY_POS_ALL 0x3f000000
#define KEY_POS_VIEW 0x01000000
#define KEY_POS_READ 0x02000000

static long add_key(const char *type, const char *desc, const void *payload, size_t plen, int ring)
{
	return syscall(SYS_add_key, type, desc, payload, plen, ring);
}

static long request_key(const char *type, const char *desc, const char *callout, int ring)
{
	return syscall(SYS_request_key, type, desc, callout, ring);
}

static long keyctl(int op, long a2, long a3, long a4, long a5)
{
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

static void show_read(const char *label, long id, size_t buflen)
{
	char buf[64];
	memset(buf, '#', sizeof(buf));
	long r = keyctl(KEYCTL_READ, id, (long)buf, (long)buflen, 0);
	if (r < 0) {
		show_ret(label, r, errno);
		return;
	}
	say("%s: %ld bytes, buffer \"%.*s\"\n", label, r, (int)(buflen < 12 ? buflen : 12), buf);
}

static void show_describe(const char *label, long id)
{
	char buf[256] = "";
	long r = keyctl(KEYCTL_DESCRIBE, id, (long)buf, sizeof(buf), 0);
	if (r < 0)
		show_ret(label, r, errno);
	else
		say("%s: %ld \"%s\"\n", label, r, buf);
}

/* How many keys a keyring holds (KEYCTL_READ without a buffer / 4). */
static long nr_links(long ring)
{
	long r = keyctl(KEYCTL_READ, ring, 0, 0, 0);
	return r < 0 ? r : r / 4;
}

static void test_user_keys(void)
{
	long k = add_key("user", "greeting", "hello", 5, KEY_SPEC_PROCESS_KEYRING);
	yesno("add_key user into the process keyring", k > 2);
	show_read("read with room", k, 64);
	show_read("read with 3 bytes (nothing copied)", k, 3);
	show_ret("read without a buffer", keyctl(KEYCTL_READ, k, 0, 0, 0), errno);
	show_describe("describe", k);
	char small[8] = "";
	long r = keyctl(KEYCTL_DESCRIBE, k, (long)small, sizeof(small), 0);
	say("describe into 8 bytes: %ld, buffer empty: %s\n", r, small[0] ? "no" : "yes");
	show_ret("update", keyctl(KEYCTL_UPDATE, k, (long)"bye", 3, 0), errno);
	show_read("read after update", k, 64);
	long again = add_key("user", "greeting", "again", 5, KEY_SPEC_PROCESS_KEYRING);
	yesno("add_key of the same description updates the key", again == k);
	show_read("read after add_key", k, 64);
	long other = add_key("user", "other", "x", 1, KEY_SPEC_PROCESS_KEYRING);
	say("process keyring holds %ld keys\n", nr_links(KEY_SPEC_PROCESS_KEYRING));
	long found = keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user", (long)"other", 0);
	yesno("search finds the key", found == other);
	expect_err("search for a missing key",
		   keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user", (long)"missing", 0), errno, ENOKEY);
	found = request_key("user", "other", NULL, 0);
	yesno("request_key finds it", found == other);
	expect_err("unlink from a keyring without it", keyctl(KEYCTL_UNLINK, other, KEY_SPEC_THREAD_KEYRING, 0, 0),
		   errno, ENOKEY);
	long ring = add_key("keyring", "holder", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	show_ret("link into a second keyring", keyctl(KEYCTL_LINK, other, ring, 0, 0), errno);
	show_ret("unlink", keyctl(KEYCTL_UNLINK, other, KEY_SPEC_PROCESS_KEYRING, 0, 0), errno);
	expect_err("unlink again", keyctl(KEYCTL_UNLINK, other, KEY_SPEC_PROCESS_KEYRING, 0, 0), errno, ENOENT);
	yesno("still found through the second keyring", request_key("user", "other", NULL, 0) == other);

	long logon = add_key("logon", "svc:name", "secret", 6, KEY_SPEC_PROCESS_KEYRING);
	yesno("add_key logon", logon > 2);
	expect_err("a logon key cannot be read", keyctl(KEYCTL_READ, logon, 0, 0, 0), errno, EOPNOTSUPP);
	show_describe("describe logon", logon);
	expect_err("logon without a prefix", add_key("logon", "name", "s", 1, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	expect_err("logon with an empty prefix", add_key("logon", ":name", "s", 1, KEY_SPEC_PROCESS_KEYRING), errno,
		   EINVAL);

	show_ret("revoke", keyctl(KEYCTL_REVOKE, k, 0, 0, 0), errno);
	expect_err("read a revoked key", keyctl(KEYCTL_READ, k, 0, 0, 0), errno, EKEYREVOKED);
	expect_err("update a revoked key", keyctl(KEYCTL_UPDATE, k, (long)"x", 1, 0), errno, EKEYREVOKED);
	expect_err("revoke it again", keyctl(KEYCTL_REVOKE, k, 0, 0, 0), errno, EKEYREVOKED);
	show_describe("describe a revoked key", k);
	expect_err("request_key finds only a revoked key: no key", request_key("user", "greeting", NULL, 0), errno,
		   ENOKEY);
	long fresh = add_key("user", "greeting", "new", 3, KEY_SPEC_PROCESS_KEYRING);
	yesno("add_key over a revoked key makes a new one", fresh > 2 && fresh != k);
	show_ret("invalidate", keyctl(KEYCTL_INVALIDATE, fresh, 0, 0, 0), errno);
	expect_err("an invalidated key cannot be updated", keyctl(KEYCTL_UPDATE, fresh, (long)"x", 1, 0), errno,
		   ENOKEY);
	show_ret("clear the process keyring", keyctl(KEYCTL_CLEAR, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0), errno);
	say("process keyring holds %ld keys\n", nr_links(KEY_SPEC_PROCESS_KEYRING));
}

static void test_keyrings(void)
{
	long a = add_key("keyring", "ring-a", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	long b = add_key("keyring", "ring-b", NULL, 0, a);
	yesno("nested keyrings", a > 2 && b > 2);
	long k = add_key("user", "deep", "payload", 7, b);
	yesno("request_key searches nested keyrings", request_key("user", "deep", NULL, 0) == k);
	expect_err("linking a into b makes a cycle", keyctl(KEYCTL_LINK, a, b, 0, 0), errno, EDEADLK);
	expect_err("a keyring into itself", keyctl(KEYCTL_LINK, a, a, 0, 0), errno, EDEADLK);
	show_ret("link the user key into a", keyctl(KEYCTL_LINK, k, a, 0, 0), errno);
	say("a holds %ld keys\n", nr_links(a));
	int ids[4] = {0};
	long r = keyctl(KEYCTL_READ, a, (long)ids, sizeof(ids), 0);
	say("read a: %ld bytes, ids are b and the key: %s\n", r,
	    (ids[0] == b && ids[1] == k) || (ids[0] == k && ids[1] == b) ? "yes" : "no");
	int one = 0x5a5a5a5a;
	r = keyctl(KEYCTL_READ, a, (long)&one, sizeof(one), 0);
	say("read a into 4 bytes: %ld, untouched: %s\n", r, one == 0x5a5a5a5a ? "yes" : "no");
	expect_err("add_key into a user key", add_key("user", "x", "y", 1, (int)k), errno, ENOTDIR);
	expect_err("keyring with a payload", add_key("keyring", "p", "x", 1, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	long a2 = add_key("keyring", "ring-a", NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	yesno("a second keyring of the same name replaces the link", a2 > 2 && a2 != a);
	expect_err("update a keyring", keyctl(KEYCTL_UPDATE, a2, (long)"x", 1, 0), errno, EOPNOTSUPP);
	show_ret("revoke a2", keyctl(KEYCTL_REVOKE, a2, 0, 0, 0), errno);
	expect_err("add_key into a revoked keyring", add_key("user", "x", "y", 1, (int)a2), errno, EKEYREVOKED);
	keyctl(KEYCTL_CLEAR, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0);
}

static void test_errors(void)
{
	expect_err("unknown type", add_key("nosuch", "d", "p", 1, KEY_SPEC_PROCESS_KEYRING), errno, ENODEV);
	expect_err("dot type", add_key(".dot", "d", "p", 1, KEY_SPEC_PROCESS_KEYRING), errno, EPERM);
	expect_err("empty type", add_key("", "d", "p", 1, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	expect_err("dot keyring", add_key("keyring", ".mine", NULL, 0, KEY_SPEC_PROCESS_KEYRING), errno, EPERM);
	expect_err("no description", add_key("user", NULL, "p", 1, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	expect_err("empty payload", add_key("user", "d", "", 0, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	static char big[32768];
	expect_err("payload of 32768", add_key("user", "d", big, sizeof(big), KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	long k = add_key("user", "d", big, sizeof(big) - 1, KEY_SPEC_PROCESS_KEYRING);
	yesno("payload of 32767", k > 2);
	expect_err("payload of 1 MiB", add_key("user", "d", big, 1 << 20, KEY_SPEC_PROCESS_KEYRING), errno, EINVAL);
	expect_err("bad payload pointer", add_key("user", "d", NULL, 8, KEY_SPEC_PROCESS_KEYRING), errno, EFAULT);
	expect_err("bad type pointer", add_key((char *)-1, "d", "p", 1, KEY_SPEC_PROCESS_KEYRING), errno, EFAULT);
	expect_err("bad description pointer", add_key("user", (char *)-1, "p", 1, KEY_SPEC_PROCESS_KEYRING), errno,
		   EFAULT);
	expect_err("keyring id 0", add_key("user", "d", "p", 1, 0), errno, EINVAL);
	expect_err("group keyring", add_key("user", "d", "p", 1, KEY_SPEC_GROUP_KEYRING), errno, EINVAL);
	expect_err("read serial 1", keyctl(KEYCTL_READ, 1, 0, 0, 0), errno, ENOKEY);
	expect_err("revoke serial 1", keyctl(KEYCTL_REVOKE, 1, 0, 0, 0), errno, ENOKEY);
	expect_err("setperm with bad bits", keyctl(KEYCTL_SETPERM, k, 0xc0000000L, 0, 0), errno, EINVAL);
	expect_err("keyctl 9999", keyctl(9999, 0, 0, 0, 0), errno, EOPNOTSUPP);
	expect_err("request_key of an unknown type", request_key("nosuch", "d", NULL, 0), errno, ENOKEY);
	expect_err("request_key of a dot type", request_key(".x", "d", NULL, 0), errno, EPERM);
	expect_err("request_key bad callout", request_key("user", "d", (char *)-1, 0), errno, EFAULT);
	expect_err("join a dot keyring", keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)".builtin_trusted_keys", 0, 0, 0),
		   errno, EPERM);
	keyctl(KEYCTL_CLEAR, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0);
}

static void test_permissions(void)
{
	long k = add_key("user", "perm", "data", 4, KEY_SPEC_PROCESS_KEYRING);
	show_ret("setperm view only", keyctl(KEYCTL_SETPERM, k, KEY_POS_VIEW, 0, 0), errno);
	show_describe("describe", k);
	show_read("a possessed key reads without read permission", k, 64);
	expect_err("update without write permission", keyctl(KEYCTL_UPDATE, k, (long)"x", 1, 0), errno, EACCES);
	expect_err("setperm without setattr", keyctl(KEYCTL_SETPERM, k, KEY_POS_ALL, 0, 0), errno, EACCES);
	expect_err("search without search permission",
		   keyctl(KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, (long)"user", (long)"perm", 0), errno, EACCES);
	show_ret("unlink needs no permission on the key", keyctl(KEYCTL_UNLINK, k, KEY_SPEC_PROCESS_KEYRING, 0, 0),
		 errno);
}

static void test_request_key(void)
{
	long r = request_key("user", "made-by-upcall", "info", KEY_SPEC_PROCESS_KEYRING);
	show_ret("request_key with callout info and no /sbin/request-key", r, errno);
	int id = 0;
	r = keyctl(KEYCTL_READ, KEY_SPEC_PROCESS_KEYRING, (long)&id, sizeof(id), 0);
	say("the process keyring holds a key: %s\n", r == 4 ? "yes" : "no");
	expect_err("it is negative", keyctl(KEYCTL_READ, id, 0, 0, 0), errno, ENOKEY);
	show_describe("describe the negative key", id);
	expect_err("request_key finds the negative key", request_key("user", "made-by-upcall", "info", 0), errno,
		   ENOKEY);
	expect_err("revoke a negative key", keyctl(KEYCTL_REVOKE, id, 0, 0, 0), errno, ENOKEY);
	long k = add_key("user", "made-by-upcall", "now", 3, KEY_SPEC_PROCESS_KEYRING);
	yesno("add_key instantiates the negative key", k == id);
	show_read("read it", k, 64);
	expect_err("request_key without callout", request_key("user", "nowhere", NULL, 0), errno, ENOKEY);
	keyctl(KEYCTL_CLEAR, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0);
}

static long thread_result;

static void *thread_main(void *arg)
{
	long parent_tkr = (long)arg;
	long mine = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0);
	long proc = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0);
	thread_result = (mine > 2 && mine != parent_tkr) * 1 + (proc > 2) * 2;
	return NULL;
}

static void test_process_keyrings(char *self)
{
	expect_err("no thread keyring yet", keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0), errno,
		   ENOKEY);
	long tkr = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 1, 0, 0);
	yesno("created the thread keyring", tkr > 2);
	yesno("asking again finds the same", keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 1, 0, 0) == tkr);
	show_describe("describe it", tkr);
	show_ret("set reqkey keyring to thread", keyctl(KEYCTL_SET_REQKEY_KEYRING, 1, 0, 0, 0), errno);
	show_ret("and back to default (returns thread)", keyctl(KEYCTL_SET_REQKEY_KEYRING, 0, 0, 0, 0), errno);
	show_ret("no change returns default", keyctl(KEYCTL_SET_REQKEY_KEYRING, -1, 0, 0, 0), errno);
	expect_err("group default", keyctl(KEYCTL_SET_REQKEY_KEYRING, 6, 0, 0, 0), errno, EINVAL);
	yesno("the thread keyring survived", keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0) == tkr);

	pthread_t th;
	pthread_create(&th, NULL, thread_main, (void *)tkr);
	pthread_join(th, NULL);
	say("a thread has its own thread keyring: %s, shares the process keyring: %s\n",
	    thread_result & 1 ? "yes" : "no", thread_result & 2 ? "yes" : "no");

	long ses = keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
	yesno("joined a new anonymous session keyring",
	      ses > 2 && keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0) == ses);
	show_describe("describe it", ses);
	long named = keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"lv-session", 0, 0, 0);
	yesno("joined a named session keyring", named > 2 && named != ses);
	show_describe("describe it", named);
	long again = keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"lv-session", 0, 0, 0);
	yesno("joining it again makes another (no user search permission)", again > 2 && again != named);
	show_ret("set its permissions", keyctl(KEYCTL_SETPERM, again, KEY_POS_ALL | 0x3f0000, 0, 0), errno);
	show_ret("joining it now", keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"lv-session", 0, 0, 0), errno);
	named = again;
	long uk = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0, 0, 0);
	long usk = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_SESSION_KEYRING, 0, 0, 0);
	yesno("user and user session keyrings", uk > 2 && usk > 2 && uk != usk);
	show_describe("describe the user keyring", uk);
	int ids[4] = {0};
	long r = keyctl(KEYCTL_READ, usk, (long)ids, sizeof(ids), 0);
	yesno("the user session keyring links the user keyring", r == 4 && ids[0] == uk);

	long pk = add_key("user", "inherited?", "x", 1, KEY_SPEC_PROCESS_KEYRING);
	long sk = add_key("user", "session key", "y", 1, KEY_SPEC_SESSION_KEYRING);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0) < 0 && errno == ENOKEY;
		ok &= keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0) < 0 && errno == ENOKEY;
		ok &= keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0) == named;
		ok &= request_key("user", "session key", NULL, 0) == sk;
		ok &= request_key("user", "inherited?", NULL, 0) < 0 && errno == ENOKEY;
		_exit(ok ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	yesno("a child keeps only the session keyring", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	(void)pk;
	pid = fork();
	if (pid == 0) {
		char arg[32];
		snprintf(arg, sizeof(arg), "%ld", sk);
		execl(self, self, "exec", arg, NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	yesno("after exec too", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* The program again after exec: no thread or process keyring, the session one. */
static int after_exec(long sk)
{
	int ok = keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0, 0, 0) < 0 && errno == ENOKEY;
	ok &= keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0, 0, 0) < 0 && errno == ENOKEY;
	ok &= request_key("user", "session key", NULL, 0) == sk;
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec"))
		return after_exec(atol(argv[2]));
	test_user_keys();
	test_keyrings();
	test_errors();
	test_permissions();
	test_request_key();
	test_process_keyrings(argv[0]);
	done();
	return 0;
}
