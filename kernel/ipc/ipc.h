/*
 * ipc.h — what System V shared memory (shm.c), message queues (msg.c) and
 * semaphores (sem.c) share (Linux ipc/util.c): the table of objects by id
 * and key, the get calls' lookup, the permission record, its checks, and
 * its layout in user memory (struct ipc64_perm, asm-generic/ipcbuf.h).
 */
#pragma once

#include <spinlock.h>
#include <types.h>
#include <workqueue.h>
#include <uapi/ipc.h>

#define IPCMNI 32768 /* ids: seq * IPCMNI + slot (ipc_buildid) */

struct ipc_perm_k {
	int id;
	s32 key;
	u32 uid, gid, cuid, cgid, mode; /* mode: 0777 bits and the object's flags */
	u16 seq;
	struct ipc_perm_k *key_next; /* in its table's by_key chain (keys but IPC_PRIVATE) */
};

/*
 * A module's objects by id (Linux struct ipc_ids): slots point at the
 * permission record embedded in each object (container_of finds the
 * object). An id is seq * IPCMNI + slot, seq counting creations; a new
 * object takes the lowest free slot. Objects with a key are also chained in
 * by_key, hashed by key, so a get call with a key does not walk the slots.
 * `limit` is the module's *MNI sysctl (kernel.msgmni, shmmni, the fourth
 * number of kernel.sem): at most that many objects at once, however many
 * slots there are (Linux ipc_addid's in_use check). All of it is protected
 * by the module's lock, which the functions below expect held (but ipc_get
 * and ipc_set_limit, which take it).
 */
#define IPC_KEY_BUCKETS 256

struct ipc_table {
	struct spinlock *lock;
	struct ipc_perm_k **slots;
	int size;	 /* slots: IPCMNI, the most any *MNI limit may be */
	int limit;	 /* the *MNI sysctl */
	int in_use;	 /* objects in the table */
	int lowest_free; /* no free slot below it */
	u16 next_seq;
	struct ipc_perm_k *by_key[IPC_KEY_BUCKETS];
};

/* A table of IPCMNI slots at slot_array whose limit starts at mni. */
#define IPC_TABLE_INIT(lock_ptr, slot_array, mni)                                         \
	{                                                                                 \
		.lock = (lock_ptr), .slots = (slot_array), .size = IPCMNI, .limit = (mni) \
	}

/* A new namespace's empty table (IPC_TABLE_INIT with kmalloc'd slots):
 * 0 or -ENOMEM; ipc_table_free_slots lets the slots go once it is empty. */
int ipc_table_init_new(struct ipc_table *t, struct spinlock *lock, int mni);
void ipc_table_free_slots(struct ipc_table *t);

/*
 * A namespace's part for one kind (struct msg_ns, sem_ns, shm_ns, each
 * beginning with its struct ipc_table): the shape their _new and _free
 * share. ipc_ns_part_new: size bytes, zeroed, the table empty (mni ids
 * under lock); NULL without memory. ipc_ns_part_free (the *_exit_ns of
 * free_ipcs): each object left goes as with IPC_RMID, one per hold of the
 * table's lock — remove_locked takes it out and returns what to let go
 * once the lock is dropped (release; NULL: nothing) — then the slots and
 * the part itself. t NULL: nothing.
 */
void *ipc_ns_part_new(size_t size, struct spinlock *lock, int mni);
void ipc_ns_part_free(struct ipc_table *t, void *(*remove_locked)(struct ipc_table *t, struct ipc_perm_k *p),
		      void (*release)(void *obj));

/* The *MNI limit, and setting it (the sysctl write: 0 to IPCMNI, else -EINVAL). */
int ipc_limit(struct ipc_table *t);
int ipc_set_limit(struct ipc_table *t, int value);

/* The object id names, or NULL. [t->lock] */
struct ipc_perm_k *ipc_find_id(struct ipc_table *t, int id);
/* The object with key (not IPC_PRIVATE), or NULL. [t->lock] */
struct ipc_perm_k *ipc_find_key(struct ipc_table *t, s32 key);
/* Puts p in a free slot and gives it an id: the id, -EEXIST (its key was
 * taken meanwhile) or -ENOSPC. [t->lock] */
int ipc_insert(struct ipc_table *t, struct ipc_perm_k *p);
void ipc_remove(struct ipc_table *t, struct ipc_perm_k *p);
/* The object in slot index (the *_STAT commands; an id's index bits), or NULL. [t->lock] */
struct ipc_perm_k *ipc_slot(struct ipc_table *t, int index);
/* The object id names, if the caller may use it with mode's rwx bits (Linux
 * ipc_obtain_object_check, then ipcperms): NULL with *err set to -EINVAL (no
 * such object) or -EACCES. [t->lock] */
struct ipc_perm_k *ipc_lookup_checked(struct ipc_table *t, int id, int mode, long *err);

/* How a *ctl command finds its object and who may use it. */
enum ipc_ctl_access {
	IPC_CTL_READ,	   /* IPC_STAT: by id, read permission */
	IPC_CTL_READ_SLOT, /* MSG_STAT, SEM_STAT, SHM_STAT: id is a slot index, read permission */
	IPC_CTL_ANY_SLOT,  /* the *_STAT_ANY commands: a slot index, no permission check */
	IPC_CTL_OWNER,	   /* IPC_SET, IPC_RMID: by id, the owner or creator (ipc_owner) */
	IPC_CTL_EXISTS,	   /* by id, the command checks for itself */
};
/* The access of the commands every module has: IPC_STAT, its own *_STAT
 * and *_STAT_ANY (numbers stat and stat_any), IPC_SET, IPC_RMID; -1 for
 * any other. */
int ipc_ctl_access(int cmd, int stat, int stat_any);
/* Whether access is one of a stat command (it copies the record out). */
bool ipc_ctl_is_stat(int access);
/* The object a *ctl command acts on (Linux ipcctl_obtain_check and the
 * *_STAT commands' ipc_obtain_object_idr): NULL with *err set to -EINVAL
 * (none), -EACCES (no read permission) or -EPERM (not the owner). [t->lock] */
struct ipc_perm_k *ipc_ctl_lookup(struct ipc_table *t, int id, enum ipc_ctl_access access, long *err);
/* What a stat command returns on success: 0 for IPC_STAT, the object's id
 * for the *_STAT ones (Linux msgctl_stat and its kin). */
long ipc_stat_result(const struct ipc_perm_k *p, int cmd);
/* The highest slot in use (0 if none) and how many are. [t->lock] */
int ipc_highest_slot(struct ipc_table *t, int *used);

/* What a get call (msgget, semget, shmget) does beyond the common part. */
struct ipc_get_ops {
	/* Makes and inserts a new object: its id or an errno (-EEXIST: lost a race). */
	long (*create)(s32 key, int flag, void *arg);
	/* An existing object's own checks, before the permission check (NULL: none). [t->lock] */
	int (*more_checks)(struct ipc_perm_k *p, void *arg);
};
/* Linux ipcget: IPC_PRIVATE makes a new object; a key finds its object or,
 * with IPC_CREAT, makes one (EEXIST with IPC_EXCL if it exists). */
long ipc_get(struct ipc_table *t, s32 key, int flag, const struct ipc_get_ops *ops, void *arg);

/* A new object's record: the caller's effective ids, flag's 0777 bits. */
void ipc_perm_init(struct ipc_perm_k *p, s32 key, int flag);
/* Linux ipcperms: may the caller have flag's rwx bits (or CAP_IPC_OWNER)? */
bool ipc_allowed(const struct ipc_perm_k *p, int flag);
/* The owner or creator, or CAP_SYS_ADMIN (IPC_SET, IPC_RMID). */
bool ipc_owner(const struct ipc_perm_k *p);
void ipc_perm_to_user(const struct ipc_perm_k *p, struct ipc64_perm_user *out);
/* IPC_SET's part: uid, gid and the 0777 bits. */
void ipc_perm_set(struct ipc_perm_k *p, const struct ipc64_perm_user *in);
/* Seconds of wall-clock time, for the objects' times. */
s64 ipc_now(void);
/* Appends to a /proc/sysvipc text in buf (cap bytes) at *len, with
 * snprintf's rules: *len grows by the whole length, even past cap. */
void ipc_proc_printf(char *buf, size_t cap, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A /proc/sysvipc file (Linux sysvipc_proc_show's walk): header, then show's
 * line for each object of t in slot order, all under t->lock (show may not
 * sleep); the whole length, with snprintf's rules, as ipc_proc_printf. */
size_t ipc_proc_walk(struct ipc_table *t, char *buf, size_t cap, const char *header,
		     void (*show)(struct ipc_perm_k *p, char *buf, size_t cap, size_t *len));

/*
 * An IPC namespace (Linux struct ipc_namespace, ipc/namespace.c): its own
 * System V segments, queues and semaphore sets, each module's part kept by
 * that module (shm.c, msg.c, sem.c). A task's is its cred's (NULL: the
 * initial one); namespace.c makes, counts and frees them.
 */
struct shm_ns;
struct msg_ns;
struct sem_ns;
struct file;
struct ipc_ns {
	int refcount; /* atomic: creds and nsfs files */
	u32 inum;     /* its /proc/PID/ns/ipc number, fixed */
	struct shm_ns *shm;
	struct msg_ns *msg;
	struct sem_ns *sem;
	struct file *mq_root;  /* its mqueue instance's root, open (mqueue.c); NULL: the initial one's */
	struct work free_work; /* the last put frees it from the worker (it takes the modules' locks) */
};
/* The caller's namespace (never NULL). */
struct ipc_ns *ipc_ns_current(void);
/* Each module's part: the initial one, a new empty one (NULL: no memory),
 * and the end of one — every object removed as IPC_RMID would, then freed. */
extern struct shm_ns init_shm_ns;
struct shm_ns *shm_ns_new(void);
void shm_ns_free(struct shm_ns *ns);
extern struct msg_ns init_msg_ns;
struct msg_ns *msg_ns_new(void);
void msg_ns_free(struct msg_ns *ns);
extern struct sem_ns init_sem_ns;
struct sem_ns *sem_ns_new(void);
void sem_ns_free(struct sem_ns *ns);
/* A new namespace's mqueue instance (Linux mq_init_ns): its root directory,
 * open, in *root; 0 or -ENOMEM. file_put of it lets the instance go. */
int mqueue_ns_new(struct file **root);
