/* uapi/ioctls.h — the ioctl numbers every kind of file may answer (Linux
 * include/uapi/asm-generic/ioctls.h; arm64 takes the generic values): the
 * ones fs/ioctl.c do_vfs_ioctl handles for all files, and FIONREAD, which
 * pipes, inotify instances and terminals each answer. The terminal ioctls
 * stay with tty/. */
#pragma once

#define FIONREAD 0x541b
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
