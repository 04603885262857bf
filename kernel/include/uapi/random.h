/* uapi/random.h — getrandom(2)'s flags (Linux include/uapi/linux/random.h). */
#pragma once

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4
