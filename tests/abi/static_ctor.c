/* static_ctor: ELF constructors run before main in priority order and
 * destructors run after main returns in reverse order (.init_array /
 * .fini_array, GCC constructor(priority) attribute; exit(3) runs atexit
 * handlers, then .fini_array). "done" is printed by the last destructor. */
#include "lvtest.h"

__attribute__((constructor(101))) static void c101(void)
{
	say("ctor 101\n");
}
__attribute__((constructor(102))) static void c102(void)
{
	say("ctor 102\n");
}
__attribute__((constructor)) static void cdef(void)
{
	say("ctor default\n");
}
__attribute__((destructor)) static void ddef(void)
{
	say("dtor default\n");
}
__attribute__((destructor(102))) static void d102(void)
{
	say("dtor 102\n");
}
__attribute__((destructor(101))) static void d101(void)
{
	say("dtor 101\n");
	done();
}

static void ax(void)
{
	say("atexit handler\n");
}

int main(void)
{
	atexit(ax);
	say("main\n");
	return 0;
}
