/* tls_shared_lib: thread-local storage in shared libraries (TLSDESC).
 * libdyntest.so (NEEDED) has an initialised and a zeroed __thread variable
 * in its static TLS block; each thread gets its own copies, starting from
 * the initial image. libdynplugin.so, dlopen'd after a thread exists, has
 * one too, reached through dynamic TLS. Threads are joined in order, so the
 * output is deterministic. */
#include "lvtest.h"
#include <dlfcn.h>
#include <pthread.h>

extern __thread int dyntest_tls_counter;
extern int dyntest_ctor_ran;
int dyntest_tls_add(int n);
long dyntest_tls_scratch_value(void);
int *dyntest_tls_counter_addr(void);

static int (*plugin_tls_bump)(void);

struct result {
	int counter, bumped, same_addr;
	long scratch;
};

static void *worker(void *arg)
{
	struct result *r = arg;
	r->counter = dyntest_tls_add(r->counter);
	r->scratch = dyntest_tls_scratch_value();
	r->same_addr = dyntest_tls_counter_addr() == &dyntest_tls_counter;
	r->bumped = plugin_tls_bump ? plugin_tls_bump() : -1;
	return NULL;
}

int main(void)
{
	say("library constructor ran: %d\n", dyntest_ctor_ran);
	say("main: counter %d, after add(2) %d, scratch %ld\n", dyntest_tls_counter, dyntest_tls_add(2),
	    dyntest_tls_scratch_value());
	pthread_t early;
	struct result r0 = {.counter = 10};
	pthread_create(&early, NULL, worker, &r0); /* exists before the dlopen */
	pthread_join(early, NULL);
	say("thread 0: counter %d, scratch %ld, same address %d, plugin %d\n", r0.counter, r0.scratch, r0.same_addr,
	    r0.bumped);

	void *h = dlopen("libdynplugin.so", RTLD_NOW);
	if (!h) {
		say("dlopen: %s\n", dlerror());
		return 1;
	}
	plugin_tls_bump = (int (*)(void))dlsym(h, "plugin_tls_bump");
	say("main: plugin tls %d then %d\n", plugin_tls_bump(), plugin_tls_bump());
	for (int i = 1; i <= 3; i++) {
		pthread_t t;
		struct result r = {.counter = i * 100};
		pthread_create(&t, NULL, worker, &r);
		pthread_join(t, NULL);
		say("thread %d: counter %d, scratch %ld, same address %d, plugin %d\n", i, r.counter, r.scratch,
		    r.same_addr, r.bumped);
	}
	say("main again: counter %d, plugin tls %d\n", dyntest_tls_counter, plugin_tls_bump());
	say("done\n");
	return 0;
}
