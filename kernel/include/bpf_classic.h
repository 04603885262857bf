/*
 * bpf_classic.h — classic BPF programs (Linux's "cBPF", net/core/filter.c):
 * checking a program as Linux's bpf_check_classic does, and running it.
 *
 * A program is 1..BPF_MAXINSNS struct sock_filter (uapi/seccomp.h) over
 * the accumulator A, the index register X and 16 scratch words, reading a
 * byte buffer; it ends at a RET with a 32-bit value. Seccomp filters
 * (proc/seccomp.c) read a struct seccomp_data in native byte order; socket
 * filters would read a packet in network order (the `packet` flag).
 */
#pragma once

#include <types.h>
#include <uapi/seccomp.h>

/* 0, or -EINVAL when Linux's bpf_check_classic refuses prog: an opcode it
 * does not know, a division or modulo by a constant 0, a constant shift of
 * 32 or more, a scratch word past 15, a jump out of the program, a last
 * instruction that is not a RET, or a scratch word read before every path
 * to the read has stored it (check_load_and_stores). len is 1..BPF_MAXINSNS;
 * scratch has room for len u16 (the caller's: up to 8 KiB, not the stack). */
int bpf_classic_check(const struct sock_filter *prog, u32 len, u16 *scratch);

/* The length Linux gives the program once converted to its internal eBPF
 * form (net/core/filter.c bpf_convert_filter, for programs without packet
 * loads: seccomp's): limits such as seccomp's 32,768 instructions along a
 * filter stack count these. A RET is two instructions, a conditional jump
 * one or two (and one more for a negative constant), a division or modulo
 * by X five, anything else one, after a prologue of three. */
u32 bpf_classic_converted_len(const struct sock_filter *prog, u32 len);

/* Runs a checked program over data[0, data_len): its RET value. Loads are
 * native-endian 32-bit words unless packet (network order, any size; a
 * load past the end ends the program with 0, as Linux). Division or
 * modulo by an X of 0 ends it with 0; shifts by X use its low 5 bits. */
u32 bpf_classic_run(const struct sock_filter *prog, const u8 *data, u32 data_len, bool packet);
