/*
 * futex.h — fast user-space mutexes (futex(2)): the kernel side of every
 * pthread mutex, condition variable and join.
 */
#pragma once

#include <types.h>
#include <uaccess.h>

struct mm;

/* Wakes up to n waiters on uaddr in mm (bitset: FUTEX_BITSET_MATCH_ANY for all). */
int futex_wake(struct mm *mm, uaddr_t uaddr, int n, u32 bitset);
