/* dlopen_dlsym: dlopen(3) of a library that is not in the program's NEEDED
 * list (libdynplugin.so, found through the program's rpath), dlsym of a
 * function and a variable, the library's constructor run once, a second
 * dlopen sharing the same handle, RTLD_NOLOAD before and after, dlsym of a
 * missing symbol, dlopen of a missing library, and dlclose. Linux gives the
 * loader what it needs: open, read, mmap of the file, mprotect. */
#include "lvtest.h"
#include <dlfcn.h>

int main(void)
{
	say("noload before: %s\n", dlopen("libdynplugin.so", RTLD_NOW | RTLD_NOLOAD) ? "loaded" : "not loaded");
	void *h = dlopen("libdynplugin.so", RTLD_NOW);
	if (!h) {
		say("dlopen failed: %s\n", dlerror());
		return 1;
	}
	int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
	int (*inits)(void) = (int (*)(void))dlsym(h, "plugin_init_count");
	int *counter = dlsym(h, "plugin_counter");
	say("symbols: %s %s %s\n", add ? "plugin_add" : "-", inits ? "plugin_init_count" : "-",
	    counter ? "plugin_counter" : "-");
	if (!add || !inits || !counter)
		return 1;
	say("plugin_add(2, 3) = %d\n", add(2, 3));
	*counter = 1000;
	say("after store: plugin_add(2, 3) = %d\n", add(2, 3));
	void *again = dlopen("libdynplugin.so", RTLD_LAZY);
	say("second dlopen: %s, constructor ran %d time(s)\n", again == h ? "same handle" : "other handle", inits());
	say("noload now: %s\n", dlopen("libdynplugin.so", RTLD_NOW | RTLD_NOLOAD) ? "loaded" : "not loaded");
	say("missing symbol: %s\n", dlsym(h, "no_such_symbol") ? "found" : "NULL");
	say("missing library: %s\n", dlopen("libnosuchlib.so", RTLD_NOW) ? "loaded" : "NULL");
	say("dlclose: %d %d\n", dlclose(again), dlclose(h));
	say("done\n");
	return 0;
}
