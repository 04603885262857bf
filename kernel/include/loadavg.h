/*
 * loadavg.h — system load averages (proc/loadavg.c) and the task counts
 * behind them and /proc/stat.
 */
#pragma once

#include <types.h>

#define LOADAVG_FSHIFT 11 /* the fixed-point fraction bits of loadavg_get(.., LOADAVG_FSHIFT) */

/* Starts the 5-second sampling (after time_init). */
void loadavg_init(void);
/* The 1, 5 and 15 minute averages in fixed point with `shift` fraction bits
 * (sysinfo(2) uses SI_LOAD_SHIFT 16, /proc/loadavg FSHIFT 11). */
void loadavg_get(u64 loads[3], unsigned shift);
/* Tasks running or runnable (the idle task not counted), and in uninterruptible sleep. */
void task_count_states(int *running, int *blocked);
