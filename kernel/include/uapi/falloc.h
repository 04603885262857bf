/* uapi/falloc.h — fallocate(2)'s modes (Linux include/uapi/linux/falloc.h). */
#pragma once

#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
