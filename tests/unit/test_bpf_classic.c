/* test_bpf_classic.c — the classic BPF checker and interpreter
 * (kernel/lib/bpf_classic.c): each rule of Linux's bpf_check_classic, the
 * arithmetic, jumps, loads (native words, network-order packet loads, out
 * of range, MSH), scratch memory, and the converted length seccomp's limit
 * counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <bpf_classic.h>
#include <uapi/errno.h>

#define S(c, kk) ((struct sock_filter){.code = (c), .k = (kk)})
#define J(c, kk, t, f) ((struct sock_filter){.code = (c), .jt = (t), .jf = (f), .k = (kk)})
#define RET_K(kk) S(BPF_RET | BPF_K, kk)
#define RET_A S(BPF_RET | BPF_A, 0)

static u16 scratch[BPF_MAXINSNS];

static int check(const struct sock_filter *p, u32 len)
{
	return bpf_classic_check(p, len, scratch);
}

static u32 run(const struct sock_filter *p, u32 len, const void *data, u32 data_len, bool packet)
{
	assert_int_equal(check(p, len), 0);
	return bpf_classic_run(p, data, data_len, packet);
}

static void test_checker_rules(void **state)
{
	(void)state;
	struct sock_filter ok[] = {RET_K(1)};
	assert_int_equal(check(ok, 1), 0);
	assert_int_equal(check(ok, 0), -EINVAL);
	struct sock_filter bad_op[] = {S(0xff, 0), RET_K(0)};
	assert_int_equal(check(bad_op, 2), -EINVAL);
	struct sock_filter ret_x[] = {S(BPF_RET | BPF_X, 0)};
	assert_int_equal(check(ret_x, 1), -EINVAL); /* not in Linux's codes_allowed */
	struct sock_filter div0[] = {S(BPF_ALU | BPF_DIV | BPF_K, 0), RET_A};
	assert_int_equal(check(div0, 2), -EINVAL);
	struct sock_filter mod0[] = {S(BPF_ALU | BPF_MOD | BPF_K, 0), RET_A};
	assert_int_equal(check(mod0, 2), -EINVAL);
	struct sock_filter shift32[] = {S(BPF_ALU | BPF_RSH | BPF_K, 32), RET_A};
	assert_int_equal(check(shift32, 2), -EINVAL);
	struct sock_filter shift31[] = {S(BPF_ALU | BPF_RSH | BPF_K, 31), RET_A};
	assert_int_equal(check(shift31, 2), 0);
	struct sock_filter mem16[] = {S(BPF_ST, 16), RET_A};
	assert_int_equal(check(mem16, 2), -EINVAL);
	struct sock_filter ja_out[] = {S(BPF_JMP | BPF_JA, 1), RET_A};
	assert_int_equal(check(ja_out, 2), -EINVAL);
	struct sock_filter ja_in[] = {S(BPF_JMP | BPF_JA, 1), RET_A, RET_K(2)};
	assert_int_equal(check(ja_in, 3), 0);
	struct sock_filter jt_out[] = {J(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), RET_A};
	assert_int_equal(check(jt_out, 2), -EINVAL);
	struct sock_filter no_ret[] = {S(BPF_LD | BPF_IMM, 1)};
	assert_int_equal(check(no_ret, 1), -EINVAL);
	struct sock_filter anc[] = {S(BPF_LD | BPF_W | BPF_ABS, (u32)-0x1000), RET_A};
	assert_int_equal(check(anc, 2), -EINVAL);
	/* scratch memory: read before any store, stored on one path only, stored on both */
	struct sock_filter unset[] = {S(BPF_LD | BPF_MEM, 0), RET_A};
	assert_int_equal(check(unset, 2), -EINVAL);
	struct sock_filter one_path[] = {J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), S(BPF_ST, 3), S(BPF_LDX | BPF_MEM, 3),
					 RET_A};
	assert_int_equal(check(one_path, 4), -EINVAL);
	struct sock_filter both[] = {S(BPF_ST, 3), J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), S(BPF_ST, 4),
				     S(BPF_LDX | BPF_MEM, 3), RET_A};
	assert_int_equal(check(both, 5), 0);
}

static void test_arithmetic(void **state)
{
	(void)state;
	struct sock_filter p[] = {
		S(BPF_LD | BPF_IMM, 100),
		S(BPF_LDX | BPF_IMM, 7),
		S(BPF_ALU | BPF_MUL | BPF_X, 0),
		S(BPF_ALU | BPF_SUB | BPF_K, 1),
		S(BPF_ALU | BPF_MOD | BPF_K, 97),
		S(BPF_ALU | BPF_LSH | BPF_K, 4),
		S(BPF_ALU | BPF_OR | BPF_K, 0x1),
		S(BPF_ALU | BPF_XOR | BPF_K, 0xff),
		RET_A,
	};
	/* ((100*7 - 1) % 97 << 4 | 1) ^ 0xff */
	assert_int_equal(run(p, 9, NULL, 0, false), ((((100 * 7 - 1) % 97) << 4) | 1) ^ 0xff);
	struct sock_filter neg[] = {S(BPF_LD | BPF_IMM, 5), S(BPF_ALU | BPF_NEG, 0), RET_A};
	assert_int_equal(run(neg, 3, NULL, 0, false), (u32)-5);
	struct sock_filter divx0[] = {S(BPF_LD | BPF_IMM, 5), S(BPF_ALU | BPF_DIV | BPF_X, 0), RET_K(9)};
	assert_int_equal(run(divx0, 3, NULL, 0, false), 0); /* X is 0: the program returns 0 */
	struct sock_filter shiftx[] = {S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 33),
				       S(BPF_ALU | BPF_LSH | BPF_X, 0), RET_A};
	assert_int_equal(run(shiftx, 4, NULL, 0, false), 2); /* 33 & 31 */
	struct sock_filter txa[] = {
		S(BPF_LD | BPF_IMM, 6),	  S(BPF_MISC | BPF_TAX, 0), S(BPF_LD | BPF_IMM, 0),	     S(BPF_ST, 2),
		S(BPF_MISC | BPF_TXA, 0), S(BPF_LDX | BPF_MEM, 2),  S(BPF_ALU | BPF_ADD | BPF_X, 0), RET_A};
	assert_int_equal(run(txa, 8, NULL, 0, false), 6);
}

static void test_jumps_and_loads(void **state)
{
	(void)state;
	const u32 words[4] = {10, 20, 0x80000000u, 4};
	struct sock_filter p[] = {
		S(BPF_LD | BPF_W | BPF_ABS, 4),		/* 20 */
		J(BPF_JMP | BPF_JGT | BPF_K, 15, 0, 3), /* 20 > 15 */
		S(BPF_LD | BPF_W | BPF_ABS, 8),		/* 0x80000000 */
		J(BPF_JMP | BPF_JSET | BPF_K, 0x80000000u, 1, 0),
		RET_K(1),
		RET_K(2),
	};
	assert_int_equal(run(p, 6, words, sizeof(words), false), 2);
	struct sock_filter past[] = {S(BPF_LD | BPF_W | BPF_ABS, 16), RET_K(7)};
	assert_int_equal(run(past, 2, words, sizeof(words), false), 0); /* a load past the end returns 0 */
	const u8 pkt[] = {0x45, 0x00, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef};
	struct sock_filter be[] = {S(BPF_LD | BPF_H | BPF_ABS, 2), RET_A};
	assert_int_equal(run(be, 2, pkt, sizeof(pkt), true), 0x1234);
	struct sock_filter ind[] = {S(BPF_LDX | BPF_IMM, 2), S(BPF_LD | BPF_W | BPF_IND, 2), RET_A};
	assert_int_equal(run(ind, 3, pkt, sizeof(pkt), true), 0xdeadbeef);
	struct sock_filter msh[] = {S(BPF_LDX | BPF_B | BPF_MSH, 0), S(BPF_MISC | BPF_TXA, 0), RET_A};
	assert_int_equal(run(msh, 3, pkt, sizeof(pkt), true), 20); /* IHL 5 words */
	struct sock_filter len[] = {S(BPF_LD | BPF_W | BPF_LEN, 0), RET_A};
	assert_int_equal(run(len, 2, pkt, sizeof(pkt), true), sizeof(pkt));
}

static void test_converted_len(void **state)
{
	(void)state;
	struct sock_filter rets[] = {RET_K(0), RET_A};
	assert_int_equal(bpf_classic_converted_len(rets, 2), 3 + 2 + 2);
	struct sock_filter jumps[] = {
		J(BPF_JMP | BPF_JEQ | BPF_K, 1, 1, 0),		 /* jf 0: one */
		J(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),		 /* jt 0, JEQ: inverted, one */
		J(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1),		 /* jt 0, JSET: two */
		J(BPF_JMP | BPF_JGT | BPF_K, 0x80000000u, 1, 1), /* negative constant and both: three */
		S(BPF_ALU | BPF_DIV | BPF_X, 0),		 /* five */
		RET_K(0),
		RET_K(0),
	};
	assert_int_equal(bpf_classic_converted_len(jumps, 7), 3 + 1 + 1 + 2 + 3 + 5 + 2 + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker_rules),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_jumps_and_loads),
		cmocka_unit_test(test_converted_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
