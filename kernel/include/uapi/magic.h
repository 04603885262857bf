/* uapi/magic.h — file-system magic numbers, statfs's f_type (Linux
 * include/uapi/linux/magic.h). */
#pragma once

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define DEVPTS_SUPER_MAGIC 0x1cd1
#define SYSFS_MAGIC 0x62656572
#define CGROUP2_SUPER_MAGIC 0x63677270
