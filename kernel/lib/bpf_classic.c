/*
 * bpf_classic.c — the classic BPF checker and interpreter (bpf_classic.h).
 *
 * The checker accepts what Linux's bpf_check_classic accepts (net/core/
 * filter.c: chk_code_allowed, the per-instruction rules, a RET last, and
 * check_load_and_stores), so a program Linux refuses with EINVAL is refused
 * here too. Jumps only go forward (offsets are unsigned), so every program
 * ends: the interpreter runs at most len instructions.
 *
 * The interpreter follows the semantics Linux gives classic programs after
 * converting them (bpf_convert_filter): A and X start at 0, arithmetic is
 * on 32 bits, division and modulo by an X of 0 return 0 from the program,
 * a shift by X uses its low 5 bits, and a packet load past the end returns
 * 0. Ancillary loads (offsets from SKF_AD_OFF) are not supported: the
 * checker refuses them.
 */
#include <bpf_classic.h>

#include <uapi/errno.h>

#define SKF_AD_OFF (-0x1000) /* Linux's ancillary-data offsets start here */

/* Linux's codes_allowed: every opcode a classic program may use. */
static bool code_allowed(u16 code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X: return true;
	default: return false;
	}
}

static bool is_conditional_jump(u16 code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* One instruction's own rules (bpf_check_classic's switch). */
static bool insn_ok(const struct sock_filter *prog, u32 len, u32 pc)
{
	const struct sock_filter *in = &prog[pc];
	if (!code_allowed(in->code))
		return false;
	switch (in->code) {
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_K: return in->k != 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K: return in->k < 32;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX: return in->k < BPF_MEMWORDS;
	case BPF_JMP | BPF_JA: return in->k < len - pc - 1;
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS: return in->k < (u32)SKF_AD_OFF; /* no ancillary data here */
	default: return !is_conditional_jump(in->code) || (pc + in->jt + 1 < len && pc + in->jf + 1 < len);
	}
}

/* check_load_and_stores: a scratch word is read only where every path
 * there stored it. valid[pc] is what all jumps to pc agree was stored;
 * straight-line flow carries `stored` on; after a jump the next
 * instruction is reached only by jumps (Linux resets its mask to all). */
static bool scratch_reads_ok(const struct sock_filter *prog, u32 len, u16 *valid)
{
	for (u32 pc = 0; pc < len; pc++)
		valid[pc] = 0xffff;
	u16 stored = 0;
	for (u32 pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];
		stored &= valid[pc];
		switch (in->code) {
		case BPF_ST:
		case BPF_STX: stored |= (u16)(1u << in->k); break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(stored & (1u << in->k)))
				return false;
			break;
		case BPF_JMP | BPF_JA:
			valid[pc + 1 + in->k] &= stored;
			stored = 0xffff;
			break;
		default:
			if (is_conditional_jump(in->code)) {
				valid[pc + 1 + in->jt] &= stored;
				valid[pc + 1 + in->jf] &= stored;
				stored = 0xffff;
			}
		}
	}
	return true;
}

int bpf_classic_check(const struct sock_filter *prog, u32 len, u16 *valid)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (u32 pc = 0; pc < len; pc++)
		if (!insn_ok(prog, len, pc))
			return -EINVAL;
	u16 last = prog[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return -EINVAL;
	return scratch_reads_ok(prog, len, valid) ? 0 : -EINVAL;
}

u32 bpf_classic_converted_len(const struct sock_filter *prog, u32 len)
{
	u32 total = 3; /* A = 0, X = 0, the context pointer kept */
	for (u32 pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];
		u16 op = BPF_OP(in->code);
		if (BPF_CLASS(in->code) == BPF_RET) {
			total += 2; /* the value into R0, then exit */
		} else if (is_conditional_jump(in->code)) {
			total += BPF_SRC(in->code) == BPF_K && (s32)in->k < 0; /* the constant through a register */
			if (in->jf == 0 || (in->jt == 0 && (op == BPF_JEQ || op == BPF_JGT || op == BPF_JGE)))
				total += 1; /* one branch falls through (a JEQ inverted to JNE...) */
			else
				total += 2; /* a branch and a JA */
		} else if (BPF_CLASS(in->code) == BPF_ALU && BPF_SRC(in->code) == BPF_X &&
			   (op == BPF_DIV || op == BPF_MOD)) {
			total += 5; /* X zero-extended and tested for 0 first */
		} else {
			total += 1;
		}
	}
	return total;
}

/* A load of size bytes at off; false when it does not fit in the data. */
static bool load(const u8 *data, u32 data_len, u32 off, u32 size, bool packet, u32 *out)
{
	if (off >= data_len || data_len - off < size)
		return false;
	const u8 *p = data + off;
	if (!packet && size == 4) {
		__builtin_memcpy(out, p, 4); /* native order, as seccomp_data's words */
		return true;
	}
	u32 v = 0;
	for (u32 i = 0; i < size; i++) /* network (big-endian) order */
		v = v << 8 | p[i];
	*out = v;
	return true;
}

static u32 load_size(u16 code)
{
	return BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
}

static u32 alu(u16 code, u32 a, u32 operand)
{
	switch (BPF_OP(code)) {
	case BPF_ADD: return a + operand;
	case BPF_SUB: return a - operand;
	case BPF_MUL: return a * operand;
	case BPF_DIV: return a / operand; /* the caller handled 0 */
	case BPF_MOD: return a % operand;
	case BPF_AND: return a & operand;
	case BPF_OR: return a | operand;
	case BPF_XOR: return a ^ operand;
	case BPF_LSH: return a << (operand & 31);
	case BPF_RSH: return a >> (operand & 31);
	default: return -a; /* BPF_NEG */
	}
}

static bool jump_taken(u16 code, u32 a, u32 operand)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == operand;
	case BPF_JGT: return a > operand;
	case BPF_JGE: return a >= operand;
	default: return (a & operand) != 0; /* BPF_JSET */
	}
}

u32 bpf_classic_run(const struct sock_filter *prog, const u8 *data, u32 data_len, bool packet)
{
	u32 a = 0, x = 0, mem[BPF_MEMWORDS] = {0};
	for (u32 pc = 0;; pc++) {
		const struct sock_filter *in = &prog[pc];
		u32 v;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			switch (BPF_MODE(in->code)) {
			case BPF_IMM: a = in->k; break;
			case BPF_MEM: a = mem[in->k]; break;
			case BPF_LEN: a = data_len; break;
			default: /* ABS, IND */
				if (!load(data, data_len, in->k + (BPF_MODE(in->code) == BPF_IND ? x : 0),
					  load_size(in->code), packet, &v))
					return 0;
				a = v;
			}
			break;
		case BPF_LDX:
			switch (BPF_MODE(in->code)) {
			case BPF_IMM: x = in->k; break;
			case BPF_MEM: x = mem[in->k]; break;
			case BPF_LEN: x = data_len; break;
			default: /* MSH: the IP header length of the byte at k */
				if (!load(data, data_len, in->k, 1, true, &v))
					return 0;
				x = (v & 0xf) << 2;
			}
			break;
		case BPF_ST: mem[in->k] = a; break;
		case BPF_STX: mem[in->k] = x; break;
		case BPF_ALU: {
			u32 operand = BPF_SRC(in->code) == BPF_X ? x : in->k;
			if ((BPF_OP(in->code) == BPF_DIV || BPF_OP(in->code) == BPF_MOD) && operand == 0)
				return 0;
			a = alu(in->code, a, operand);
			break;
		}
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA)
				pc += in->k;
			else
				pc += jump_taken(in->code, a, BPF_SRC(in->code) == BPF_X ? x : in->k) ? in->jt : in->jf;
			break;
		case BPF_RET: return BPF_RVAL(in->code) == BPF_A ? a : in->k;
		default: /* BPF_MISC */
			if (BPF_MISCOP(in->code) == BPF_TAX)
				x = a;
			else
				a = x;
		}
	}
}
