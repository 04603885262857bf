/*
 * sysvipc.h — what the System V IPC modules (kernel/ipc/) offer the rest of
 * the kernel: /proc/sysvipc's tables and the exit hook of semaphores.
 */
#pragma once

#include <types.h>

struct thread_group;

/* /proc/sysvipc/sem (Linux sysvipc_sem_proc_show): the text into buf
 * (cap bytes), returning the length the whole text needs, as snprintf. */
size_t sem_proc_format(char *buf, size_t cap);
/* The process's last thread exited: its SEM_UNDO adjustments are applied (Linux exit_sem). */
void sem_exit(struct thread_group *g);
