/* tls_basic: __thread variables of the main thread (ELF TLS, local-exec
 * model in a static binary; AArch64 TPIDR_EL0 variant 1 layout). Checks
 * initialised (.tdata) and zero (.tbss) values, that writes stick, and that
 * TPIDR_EL0 is non-zero (libc set it up via the thread pointer register,
 * which the kernel must preserve across syscalls). */
#include "lvtest.h"
#include <stdint.h>

static __thread int tdata = 42;
static __thread long tbss;
static __thread char tstr[32] = "thread-local";
static __thread _Alignas(64) unsigned char taligned[64];

int main(void)
{
	say("tdata initial: %d\n", tdata);
	say("tbss initial: %ld\n", tbss);
	say("tstr initial: %s\n", tstr);
	yesno("taligned 64-byte aligned", ((uintptr_t)taligned % 64) == 0);
	int nz = 0;
	for (int i = 0; i < 64; i++)
		if (taligned[i])
			nz++;
	say("taligned nonzero bytes: %d\n", nz);
	tdata += 58;
	tbss = -7;
	strcpy(tstr, "modified");
	syscall(SYS_getpid); /* a syscall in between must not clobber TPIDR_EL0 */
	say("tdata after: %d\n", tdata);
	say("tbss after: %ld\n", tbss);
	say("tstr after: %s\n", tstr);
	uintptr_t tp;
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
	yesno("TPIDR_EL0 != 0", tp != 0);
	done();
	return 0;
}
