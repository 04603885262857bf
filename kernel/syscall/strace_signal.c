/*
 * strace_signal.c — signals as strace shows them: names (SIGINT, and
 * SIGRTMIN, SIGRT_1.. for 32..64 as strace names the real-time ones), sets
 * without the "SIG" ("[INT TERM]", or "~[...]" when more than half are
 * set, as strace's sprintsigmask_n), struct sigaction, the siginfo of a
 * delivered signal and a wait status.
 *
 * Layouts: arm64 uses the asm-generic struct sigaction {handler, flags,
 * restorer, mask} and siginfo (include/uapi/asm-generic/siginfo.h).
 */
#include <strace_decode.h>

#include <uapi/signal.h>

static const char *const signal_names[NSIG + 1] = {
	[1] = "SIGHUP",	    [2] = "SIGINT",    [3] = "SIGQUIT",	  [4] = "SIGILL",    [5] = "SIGTRAP",
	[6] = "SIGABRT",    [7] = "SIGBUS",    [8] = "SIGFPE",	  [9] = "SIGKILL",   [10] = "SIGUSR1",
	[11] = "SIGSEGV",   [12] = "SIGUSR2",  [13] = "SIGPIPE",  [14] = "SIGALRM",  [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD",  [18] = "SIGCONT",  [19] = "SIGSTOP",  [20] = "SIGTSTP",
	[21] = "SIGTTIN",   [22] = "SIGTTOU",  [23] = "SIGURG",	  [24] = "SIGXCPU",  [25] = "SIGXFSZ",
	[26] = "SIGVTALRM", [27] = "SIGPROF",  [28] = "SIGWINCH", [29] = "SIGIO",    [30] = "SIGPWR",
	[31] = "SIGSYS",    [32] = "SIGRTMIN", [33] = "SIGRT_1",  [34] = "SIGRT_2",  [35] = "SIGRT_3",
	[36] = "SIGRT_4",   [37] = "SIGRT_5",  [38] = "SIGRT_6",  [39] = "SIGRT_7",  [40] = "SIGRT_8",
	[41] = "SIGRT_9",   [42] = "SIGRT_10", [43] = "SIGRT_11", [44] = "SIGRT_12", [45] = "SIGRT_13",
	[46] = "SIGRT_14",  [47] = "SIGRT_15", [48] = "SIGRT_16", [49] = "SIGRT_17", [50] = "SIGRT_18",
	[51] = "SIGRT_19",  [52] = "SIGRT_20", [53] = "SIGRT_21", [54] = "SIGRT_22", [55] = "SIGRT_23",
	[56] = "SIGRT_24",  [57] = "SIGRT_25", [58] = "SIGRT_26", [59] = "SIGRT_27", [60] = "SIGRT_28",
	[61] = "SIGRT_29",  [62] = "SIGRT_30", [63] = "SIGRT_31", [64] = "SIGRT_32",
};

const char *strace_signal_name(int sig)
{
	return sig > 0 && sig <= NSIG ? signal_names[sig] : NULL;
}

void strace_signal(struct strace_out *o, s64 sig)
{
	const char *name = strace_signal_name((int)sig);
	if (name && sig == (int)sig)
		strace_puts(o, name);
	else
		strace_printf(o, "%ld", (long)sig);
}

static int count_bits(u64 v)
{
	int n = 0;
	for (; v; v &= v - 1) /* no __builtin_popcount: the kernel has no libgcc */
		n++;
	return n;
}

void strace_sigset(struct strace_out *o, u64 set)
{
	if (count_bits(set) > NSIG / 2) {
		strace_putc(o, '~');
		set = ~set;
	}
	strace_putc(o, '[');
	bool first = true;
	for (int sig = 1; sig <= NSIG; sig++) {
		if (!(set & (1UL << (sig - 1))))
			continue;
		strace_printf(o, "%s%s", first ? "" : " ", strace_signal_name(sig) + 3);
		first = false;
	}
	strace_putc(o, ']');
}

void strace_user_sigset(struct strace_out *o, u64 addr, u64 size)
{
	u64 set;
	if (size != sizeof(set) || strace_read_user(&set, addr, sizeof(set))) {
		strace_ptr(o, addr);
		return;
	}
	strace_sigset(o, set);
}

/* in strace's order (its xlat/sa_handler_flags), which the differential test checks */
static const struct strace_name sa_flags[] = {
	STRACE_NAME(SA_RESTORER),  STRACE_NAME(SA_ONSTACK),   STRACE_NAME(SA_RESTART),
	STRACE_NAME(SA_NODEFER),   STRACE_NAME(SA_RESETHAND), STRACE_NAME(SA_SIGINFO),
	STRACE_NAME(SA_NOCLDSTOP), STRACE_NAME(SA_NOCLDWAIT), STRACE_NAMES_END,
};

static const struct strace_name sa_handlers[] = {
	STRACE_NAME(SIG_DFL),
	STRACE_NAME(SIG_IGN),
	STRACE_NAMES_END,
};

void strace_user_sigaction(struct strace_out *o, u64 addr)
{
	struct {
		u64 handler, flags, restorer, mask;
	} sa;
	if (!addr || strace_read_user(&sa, addr, sizeof(sa))) {
		strace_ptr(o, addr);
		return;
	}
	strace_puts(o, "{sa_handler=");
	strace_value_hex(o, sa_handlers, sa.handler);
	strace_puts(o, ", sa_mask=");
	strace_sigset(o, sa.mask);
	strace_puts(o, ", sa_flags=");
	strace_flags(o, sa_flags, sa.flags, NULL);
	if (sa.flags & SA_RESTORER) {
		strace_puts(o, ", sa_restorer=");
		strace_ptr(o, sa.restorer);
	}
	strace_putc(o, '}');
}

/* si_code values: include/uapi/asm-generic/siginfo.h */
static const struct strace_name si_codes_sent[] = {
	STRACE_NAME(SI_USER),  STRACE_NAME(SI_KERNEL), STRACE_NAME(SI_QUEUE),
	STRACE_NAME(SI_TIMER), STRACE_NAME(SI_MESGQ),  STRACE_NAME(SI_ASYNCIO),
	STRACE_NAME(SI_SIGIO), STRACE_NAME(SI_TKILL),  STRACE_NAMES_END,
};
static const struct strace_name cld_codes[] = {
	STRACE_NAME(CLD_EXITED),  STRACE_NAME(CLD_KILLED),    STRACE_NAME(CLD_DUMPED), STRACE_NAME(CLD_TRAPPED),
	STRACE_NAME(CLD_STOPPED), STRACE_NAME(CLD_CONTINUED), STRACE_NAMES_END,
};
static const struct strace_name segv_codes[] = {
	STRACE_NAME(SEGV_MAPERR),  STRACE_NAME(SEGV_ACCERR),  STRACE_NAME(SEGV_BNDERR),	 STRACE_NAME(SEGV_PKUERR),
	STRACE_NAME(SEGV_ACCADI),  STRACE_NAME(SEGV_ADIDERR), STRACE_NAME(SEGV_ADIPERR), STRACE_NAME(SEGV_MTEAERR),
	STRACE_NAME(SEGV_MTESERR), STRACE_NAMES_END,
};
static const struct strace_name bus_codes[] = {
	STRACE_NAME(BUS_ADRALN),    STRACE_NAME(BUS_ADRERR),	STRACE_NAME(BUS_OBJERR),
	STRACE_NAME(BUS_MCEERR_AR), STRACE_NAME(BUS_MCEERR_AO), STRACE_NAMES_END,
};
static const struct strace_name ill_codes[] = {
	STRACE_NAME(ILL_ILLOPC), STRACE_NAME(ILL_ILLOPN), STRACE_NAME(ILL_ILLADR),
	STRACE_NAME(ILL_ILLTRP), STRACE_NAME(ILL_PRVOPC), STRACE_NAME(ILL_PRVREG),
	STRACE_NAME(ILL_COPROC), STRACE_NAME(ILL_BADSTK), STRACE_NAMES_END,
};
static const struct strace_name fpe_codes[] = {
	STRACE_NAME(FPE_INTDIV), STRACE_NAME(FPE_INTOVF), STRACE_NAME(FPE_FLTDIV),
	STRACE_NAME(FPE_FLTOVF), STRACE_NAME(FPE_FLTUND), STRACE_NAME(FPE_FLTRES),
	STRACE_NAME(FPE_FLTINV), STRACE_NAME(FPE_FLTSUB), STRACE_NAMES_END,
};
static const struct strace_name trap_codes[] = {
	STRACE_NAME(TRAP_BRKPT),  STRACE_NAME(TRAP_TRACE), STRACE_NAME(TRAP_BRANCH),
	STRACE_NAME(TRAP_HWBKPT), STRACE_NAMES_END,
};

static const struct strace_name *fault_codes(int sig)
{
	switch (sig) {
	case 11: return segv_codes;
	case 7: return bus_codes;
	case 4: return ill_codes;
	case 8: return fpe_codes;
	case 5: return trap_codes;
	default: return NULL;
	}
}

void strace_siginfo(struct strace_out *o, int sig, int code, int pid, u64 addr)
{
	strace_puts(o, "{si_signo=");
	strace_signal(o, sig);
	strace_puts(o, ", si_code=");
	const struct strace_name *faults = fault_codes(sig);
	if (code <= 0 || code == SI_KERNEL) {
		strace_value(o, si_codes_sent, code);
		if (code != SI_KERNEL)
			strace_printf(o, ", si_pid=%d, si_uid=0", pid);
	} else if (sig == SIGCHLD) {
		strace_value(o, cld_codes, code);
		strace_printf(o, ", si_pid=%d, si_uid=0", pid);
	} else if (faults) {
		strace_value(o, faults, code);
		strace_puts(o, ", si_addr=");
		strace_ptr(o, addr);
	} else {
		strace_printf(o, "%d", code);
	}
	strace_putc(o, '}');
}

void strace_user_siginfo(struct strace_out *o, u64 addr)
{
	struct {
		s32 signo, errno_, code, pad;
		union {
			struct {
				s32 pid;
				u32 uid;
			} kill;
			u64 addr;
		} f;
	} si; /* the start of the 128-byte siginfo_t */
	if (!addr || strace_read_user(&si, addr, sizeof(si))) {
		strace_ptr(o, addr);
		return;
	}
	strace_siginfo(o, si.signo, si.code, si.f.kill.pid, si.f.addr);
}

void strace_wait_status(struct strace_out *o, int status)
{
	int sig = status & 0x7f;
	if (sig == 0) {
		strace_printf(o, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (status >> 8) & 0xff);
	} else if (sig != 0x7f) {
		strace_puts(o, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		strace_signal(o, sig);
		strace_printf(o, "%s}]", (status & 0x80) ? " && WCOREDUMP(s)" : "");
	} else {
		strace_puts(o, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		strace_signal(o, (status >> 8) & 0xff);
		strace_puts(o, "}]");
	}
}
