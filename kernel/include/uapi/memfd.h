/* uapi/memfd.h — memfd_create(2)'s flags (Linux include/uapi/linux/memfd.h). */
#pragma once

#define MFD_CLOEXEC 0x1u
#define MFD_ALLOW_SEALING 0x2u
