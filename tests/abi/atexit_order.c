/* atexit_order: atexit(3) handlers run in reverse order of registration when
 * main returns ("functions so registered are called in the reverse order of
 * their registration"). The first registered prints "done". */
#include "lvtest.h"

static void h1(void)
{
	say("handler 1\n");
	done();
}
static void h2(void)
{
	say("handler 2\n");
}
static void h3(void)
{
	say("handler 3\n");
}

int main(void)
{
	say("register: %d %d %d\n", atexit(h1), atexit(h2), atexit(h3));
	say("main returns\n");
	return 0;
}
