/* uapi/ioctls.h — ioctl request numbers (Linux include/uapi/asm-generic/ioctls.h;
 * arm64 takes the generic values): the ones fs/ioctl.c do_vfs_ioctl handles
 * for all files, FIONREAD, which pipes, inotify instances, sockets and
 * terminals each answer, and the terminal ioctls of tty/ and its ptys. */
#pragma once

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCGETA 0x5405 /* struct termio, the System V form (misc.h termio_user) */
#define TCSETA 0x5406
#define TCSETAW 0x5407
#define TCSETAF 0x5408
#define TCSBRK 0x5409
#define TCXONC 0x540a
#define TCFLSH 0x540b
#define TIOCEXCL 0x540c
#define TIOCNXCL 0x540d
#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541b
#define FIONBIO 0x5421
#define TIOCNOTTY 0x5422
#define TIOCSETD 0x5423
#define TIOCGETD 0x5424
#define TCSBRKP 0x5425
#define TIOCGSID 0x5429
#define TIOCGPTN 0x80045430   /* _IOR('T', 0x30, unsigned int) */
#define TIOCSPTLCK 0x40045431 /* _IOW('T', 0x31, int) */
#define TIOCGPTLCK 0x80045439 /* _IOR('T', 0x39, int) */
#define TIOCGPTPEER 0x5441    /* _IO('T', 0x41) */
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIOASYNC 0x5452

/* TCXONC's and TCFLSH's arguments (include/uapi/asm-generic/termbits-common.h) */
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2

/* TIOCSETD's line discipline (include/uapi/linux/tty.h) */
#define N_TTY 0
