/*
 * sysvipc.h — what the System V IPC modules (kernel/ipc/) offer the rest of
 * the kernel: /proc/sysvipc's tables and the exit hook of semaphores.
 */
#pragma once

#include <types.h>

struct file;
struct thread_group;

/* /proc/sysvipc/sem (Linux sysvipc_sem_proc_show): the text into buf
 * (cap bytes), returning the length the whole text needs, as snprintf. */
size_t sem_proc_format(char *buf, size_t cap);
/* /proc/sysvipc/shm and /proc/sysvipc/msg (Linux sysvipc_shm_proc_show,
 * sysvipc_msg_proc_show), the same way. */
size_t shm_proc_format(char *buf, size_t cap);
size_t msg_proc_format(char *buf, size_t cap);

/* The limits /proc/sys/kernel shows (Linux ipc/ipc_sysctl.c), one a file:
 * the text into buf as snprintf. sem holds four numbers: SEMMSL, SEMMNS,
 * SEMOPM and SEMMNI. Every one is writable, and the calls obey it. */
enum sysvipc_limit { SYSVIPC_SHMMAX, SYSVIPC_SHMALL, SYSVIPC_SHMMNI, SYSVIPC_MSGMAX, SYSVIPC_MSGMNB, SYSVIPC_MSGMNI };
size_t sem_sysctl_format(char *buf, size_t cap);
size_t shm_sysctl_format(int which, char *buf, size_t cap);
size_t msg_sysctl_format(int which, char *buf, size_t cap);
/* A write to those files (Linux ipc_sysctl.c's ranges): 0 or -EINVAL. */
int sem_sysctl_store(const char *text, size_t len);
int shm_sysctl_store(int which, const char *text, size_t len);
int msg_sysctl_store(int which, const char *text, size_t len);
/* The process's last thread exited, or it called unshare(CLONE_SYSVSEM):
 * it lets go of its SEM_UNDO adjustments, which are applied if no other
 * process shares them (Linux exit_sem). */
void sem_exit(struct thread_group *g);
/* clone with CLONE_SYSVSEM (Linux copy_semundo): first, before the child
 * exists, g gets an undo list if it has none (0 or -ENOMEM); then the new
 * process shares its parent's. */
int sem_undo_prepare(struct thread_group *g);
void sem_undo_share(struct thread_group *parent, struct thread_group *child);

/* IPC namespaces (ipc/namespace.c; Linux struct ipc_namespace). A task's is
 * its cred's ipc_ns, NULL for the initial one, which is not counted. */
struct ipc_ns;
/* A new, empty namespace with one reference: 0 or -ENOMEM. */
int __attribute__((warn_unused_result)) ipc_ns_new(struct ipc_ns **out);
struct ipc_ns *ipc_ns_get(struct ipc_ns *ns);
void ipc_ns_put(struct ipc_ns *ns);
/* Its /proc/PID/ns/ipc number (NULL: the initial one's, PROC_IPC_INIT_INO). */
u32 ipc_ns_inum(const struct ipc_ns *ns);
/* Is f the file of a System V segment still in the table (not removed by
 * IPC_RMID)? remap_file_pages asks before it maps a shmat mapping again. */
bool shm_file_is_live(const struct file *f);
