/* Namespace file ioctls (Linux include/uapi/linux/nsfs.h): _IO(0xb7, nr). */
#pragma once

#define NS_GET_USERNS 0xb701	/* a new descriptor of the owning user namespace */
#define NS_GET_PARENT 0xb702	/* a new descriptor of the parent namespace (pid, user) */
#define NS_GET_NSTYPE 0xb703	/* the CLONE_NEW* type */
#define NS_GET_OWNER_UID 0xb704 /* a user namespace's owner, a u32 at arg */
