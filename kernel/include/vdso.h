/*
 * vdso.h — the vDSO and its data page (vvar), as Linux/arm64 maps them; the
 * page's contents are core's (vvar.h).
 *
 * Every process gets, at an address chosen top-down at exec, one read-only
 * data page ([vvar]) immediately followed by the vDSO image ([vdso], r-x):
 * a small ELF shared object (kernel/vdso/src/) whose __kernel_clock_gettime
 * and friends compute time in user mode from the virtual counter and struct
 * vdso_data. Its base is passed as AT_SYSINFO_EHDR. See docs/vdso.md.
 *
 * This header is also compiled into the vDSO itself (-DVDSO_BUILD, no
 * kernel headers but types.h): struct vdso_data is the contract between
 * the two, so it must not depend on kernel-only types.
 */
#pragma once

#include <types.h>
#include <vvar.h>

/* The symbol version of the vDSO's exports (arch/arm64/kernel/vdso/vdso.lds.S). */
#define VDSO_VERSION "LINUX_2.6.39"

#ifndef VDSO_BUILD
struct mm;

/* Copies the vDSO image into its pages and fills the vvar page (boot, after
 * time_init and the RTC offset). */
void vdso_init(void);
/*
 * Maps [vvar] and [vdso] into mm; *base_out gets the vDSO's ELF header
 * address (the AT_SYSINFO_EHDR value), or 0 when there is no vDSO (its
 * boot-time allocation failed): exec then leaves AT_SYSINFO_EHDR out.
 */
int __must_check vdso_map(struct mm *mm, vaddr_t *base_out);
#endif
