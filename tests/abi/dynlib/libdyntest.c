/* libdyntest.so: the shared library every tests/abi/dyn program links
 * against (NEEDED). Its thread-local variables live in the library's own TLS
 * block and, built -fPIC, are reached through TLS descriptors
 * (R_AARCH64_TLSDESC, the AArch64 default), which the dynamic loader
 * resolves; a constructor shows that the loader ran it before main. */
#include <stdio.h>

__thread int dyntest_tls_counter = 40;	  /* initialised: copied from .tdata */
static __thread long dyntest_tls_scratch; /* zeroed: .tbss */
int dyntest_ctor_ran;

__attribute__((constructor)) static void dyntest_ctor(void)
{
	dyntest_ctor_ran = 1;
}

/* Adds n to this thread's counter and scratch; returns the counter. */
int dyntest_tls_add(int n)
{
	dyntest_tls_counter += n;
	dyntest_tls_scratch += n;
	return dyntest_tls_counter;
}

long dyntest_tls_scratch_value(void)
{
	return dyntest_tls_scratch;
}

/* The address of this thread's counter, to compare with the program's view. */
int *dyntest_tls_counter_addr(void)
{
	return &dyntest_tls_counter;
}
