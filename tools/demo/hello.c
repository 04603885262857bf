/* hello.c — the `make run` demo program (built with glibc and with musl). */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;
	uname(&u);
	printf("Hello from %s on %s %s (%s)!\n", argv[0], u.sysname, u.release, u.machine);
	return 0;
}
