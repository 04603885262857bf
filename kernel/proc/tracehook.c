/*
 * tracehook.c — the one tracer of process events (tracehook.h). Written
 * once by the tracer's boot-time set-up (strace_init) before any process
 * runs, so readers need no lock.
 */
#include <tracehook.h>

const struct tracehook_ops *tracehook;
