/*
 * aio.h — native asynchronous I/O (fs/aio.c, Linux fs/aio.c): the
 * system-wide counts /proc/sys/fs shows. aio-nr is the sum of the
 * nr_events io_setup was given for every live context, aio-max-nr its
 * limit (65536; io_setup is EAGAIN past it).
 */
#pragma once

#include <types.h>

u64 aio_nr_get(void);
u64 aio_max_nr_get(void);
void aio_max_nr_set(u64 max);
