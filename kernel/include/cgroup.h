/*
 * cgroup.h — control groups, version 2 (Linux kernel/cgroup/cgroup.c,
 * Documentation/admin-guide/cgroup-v2.rst): the hierarchy and which
 * process is in which group. The cgroup2 file system that shows and
 * changes it is fs/cgroup.c; this half is proc's, because fork and exit
 * move processes in and out (Linux cgroup_post_fork, cgroup_exit).
 *
 * There is one hierarchy (Linux's default one, cgrp_dfl_root), with no
 * controllers yet: only the core's bookkeeping. Every process is in exactly
 * one cgroup (thread_group.cgroup): in the domain-only hierarchy this is,
 * every thread of a process is in its process's cgroup, as Linux requires
 * of domain cgroups. A child starts in its parent's cgroup, or in the one
 * clone3's CLONE_INTO_CGROUP names; it stays counted there (cgroup.procs,
 * "populated") until its last thread exits, and keeps a reference to it
 * (what /proc/PID/cgroup names) until it is reaped.
 *
 * Locks (outermost first): cgroup_mutex (sleeping: the tree — parent,
 * children, names, limits, dead — and every migration), then tasklist_lock
 * (the process list, read to find members), then css_set_lock (a spinlock,
 * Linux's: thread_group.cgroup and .cgroup_live, nr_procs and
 * nr_populated_children). A fork takes css_set_lock alone.
 */
#pragma once

#include <list.h>
#include <types.h>

struct thread_group;
struct dentry;
struct inode;

struct cgroup {
	int refcount;		   /* atomic: members (live or zombie), child cgroups, the fs's inodes */
	struct cgroup *parent;	   /* NULL: the root; holds a reference */
	char *name;		   /* its directory's name, "" for the root [cgroup_mutex] */
	int level;		   /* the root's is 0 */
	struct list_head children; /* live child cgroups, by sibling [cgroup_mutex] */
	struct list_head sibling;  /* [cgroup_mutex] */
	bool dead;		   /* removed (rmdir) [cgroup_mutex and css_set_lock] */
	int nr_descendants;	   /* live cgroups below it [cgroup_mutex] */
	int max_descendants;	   /* cgroup.max.descendants, INT_MAX: "max" [cgroup_mutex] */
	int max_depth;		   /* cgroup.max.depth, INT_MAX: "max" [cgroup_mutex] */
	int nr_procs;		   /* live processes in it [css_set_lock] */
	int nr_populated_children; /* children with a live process at or below them [css_set_lock] */
	/* the file system's view (fs/cgroup.c), no references: its directory
	 * and its cgroup.procs inode, NULL once removed [cgroup_mutex] */
	struct dentry *dir;
	struct inode *procs;
};

#define CGROUP_MAX_UNLIMITED 0x7fffffff /* INT_MAX: "max" */

/* The hierarchy's root (always there, never freed). */
struct cgroup *cgroup_root(void);
void cgroup_get(struct cgroup *cg);
void cgroup_put(struct cgroup *cg);
void cgroup_lock(void);
void cgroup_unlock(void);

/* A new child of parent named name (copied) [cgroup_mutex]: 0, -EAGAIN past
 * cgroup.max.depth or max.descendants of parent or an ancestor
 * (cgroup_check_hierarchy_limits), -ENODEV if parent is removed, -ENOMEM. */
int __attribute__((warn_unused_result))
cgroup_create(struct cgroup *parent, const char *name, size_t len, struct cgroup **out);
/* rmdir (cgroup_destroy_locked) [cgroup_mutex]: -EBUSY while a live process
 * is in it or below, or it has a child; else it is dead from now on. */
int __attribute__((warn_unused_result)) cgroup_destroy(struct cgroup *cg);
/* Is there a live process in cg or below it (cgroup.events "populated")? */
bool cgroup_populated(struct cgroup *cg);

/* Process membership. cgroup_fork: a new process g joins its parent's
 * cgroup (the root for a process without one). cgroup_fork_into moves it,
 * not yet running, to dst instead (CLONE_INTO_CGROUP): -ENODEV if dst was
 * removed meanwhile. cgroup_exit: its last thread exited; cgroup_release:
 * it is freed. */
void cgroup_fork(struct thread_group *g, struct thread_group *parent);
int __attribute__((warn_unused_result)) cgroup_fork_into(struct thread_group *g, struct cgroup *dst);
void cgroup_exit(struct thread_group *g);
void cgroup_release(struct thread_group *g);
/* g's cgroup, with a reference. */
struct cgroup *cgroup_of(struct thread_group *g);
/* Moves live process g to dst [cgroup_mutex]; a process that is exiting
 * stays where it is (cgroup_migrate_add_task skips PF_EXITING). */
void cgroup_attach(struct thread_group *g, struct cgroup *dst);
/* Is a an ancestor of b, or b itself (cgroup_is_descendant)? [cgroup_mutex] */
bool cgroup_is_descendant(const struct cgroup *b, const struct cgroup *a);

/* The pids of the live processes in cg (threads 0) or the tids of their
 * threads (threads 1), each with a newline, into buf (snprintf's rules):
 * cgroup.procs and cgroup.threads. */
size_t cgroup_list_members(struct cgroup *cg, bool threads, char *buf, size_t cap);
/* The path of cg from the root ("/", "/a/b"), kmalloc'd, with " (deleted)"
 * after a removed one's: /proc/PID/cgroup's third field. 0 or -ENOMEM. */
int __attribute__((warn_unused_result)) cgroup_path(struct cgroup *cg, char **out);
