/* packet_ring_setup: PACKET_RX_RING and PACKET_TX_RING's checks
 * (packet_set_ring), field by field for each TPACKET version — block
 * size, tp_sizeof_priv (CVE-2017-7308), frame size and alignment, the
 * frame count — then a ring made, refused twice, mapped (mmap's size and
 * offset), kept while mapped (EBUSY for a new ring, a version, a
 * reserve), freed after munmap, and a PACKET_RESERVE raising the least
 * frame size. */
#include "packet_test.h"

static long pg;

static int fresh(int version)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(T_ETH_P_ALL));
	if (setsockopt(s, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0)
		say("PACKET_VERSION %d: %s\n", version, errname(errno));
	return s;
}

static void try_ring(const char *label, int version, int opt, struct t_req3 r, socklen_t len)
{
	int s = fresh(version);
	int ret = setsockopt(s, SOL_PACKET, opt, &r, len);
	say("V%d %s %s: %s\n", version + 1, opt == PACKET_RX_RING ? "rx" : "tx", label,
	    ret == 0 ? "ok" : errname(errno));
	close(s);
}

static struct t_req3 good(void)
{
	struct t_req3 r = {.block_size = (uint32_t)pg, .block_nr = 2, .frame_size = 2048};
	r.frame_nr = r.block_nr * (r.block_size / r.frame_size);
	return r;
}

static void checks(int version, int opt)
{
	struct t_req3 r;
	try_ring("good", version, opt, good(), sizeof r);
	try_ring("16 bytes long", version, opt, good(), 16);
	try_ring("15 bytes long", version, opt, good(), 15);
	try_ring("27 bytes long", version, opt, good(), 27);
	r = good();
	r.block_size = 0;
	try_ring("block size 0", version, opt, r, sizeof r);
	r = good();
	r.block_size = (uint32_t)pg + 16;
	try_ring("block size not page aligned", version, opt, r, sizeof r);
	r = good();
	r.block_size = 0x80000000u;
	try_ring("block size 2^31", version, opt, r, sizeof r);
	r = good();
	r.frame_size = 48;
	r.frame_nr = r.block_nr * (r.block_size / r.frame_size);
	try_ring("frame size 48", version, opt, r, sizeof r);
	r = good();
	r.frame_size = 2056;
	r.frame_nr = r.block_nr * (r.block_size / r.frame_size);
	try_ring("frame size 2056 (not 16-aligned)", version, opt, r, sizeof r);
	r = good();
	r.frame_size = (uint32_t)pg * 2;
	r.frame_nr = 0;
	try_ring("frame larger than a block", version, opt, r, sizeof r);
	r = good();
	r.frame_nr++;
	try_ring("one frame too many", version, opt, r, sizeof r);
	r = good();
	r.block_nr = 0;
	try_ring("no blocks, frames", version, opt, r, sizeof r);
	r.frame_nr = 0;
	try_ring("no blocks, no frames", version, opt, r, sizeof r);
	r = good();
	r.sizeof_priv = 512;
	try_ring("sizeof_priv 512", version, opt, r, sizeof r);
	r.sizeof_priv = 3u << 30;
	try_ring("sizeof_priv 3<<30", version, opt, r, sizeof r);
	r = good();
	r.sizeof_priv = (uint32_t)pg - 48 - 68;
	try_ring("sizeof_priv leaving a header's room", version, opt, r, sizeof r);
	r.sizeof_priv += 8;
	try_ring("sizeof_priv 8 more", version, opt, r, sizeof r);
	r = good();
	r.retire_blk_tov = 10;
	try_ring("retire_blk_tov 10", version, opt, r, sizeof r);
	r = good();
	r.feature_req_word = 1;
	try_ring("feature_req_word 1", version, opt, r, sizeof r);
}

static void lifecycle(int version)
{
	say("-- V%d ring life\n", version + 1);
	int s = fresh(version);
	struct t_req3 r = good();
	show_ret("rx ring", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno);
	expect_err("rx ring again", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno, EBUSY);
	int v = T_V1;
	expect_err("PACKET_VERSION with a ring", setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, sizeof v), errno, EBUSY);
	v = 64;
	expect_err("PACKET_RESERVE with a ring", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, sizeof v), errno, EBUSY);
	size_t size = 2 * (size_t)pg;
	void *m = mmap(NULL, size - pg, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	show_ret("mmap one page short", m == MAP_FAILED ? -1 : 0, errno);
	m = mmap(NULL, size + pg, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	show_ret("mmap one page more", m == MAP_FAILED ? -1 : 0, errno);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, s, pg);
	show_ret("mmap at offset one page", m == MAP_FAILED ? -1 : 0, errno);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	show_ret("mmap the ring", m == MAP_FAILED ? -1 : 0, errno);
	if (m == MAP_FAILED)
		return;
	if (version == T_V3) {
		const struct t_block_desc *b = m;
		say("block 0: version %u offset_to_priv %u status %u pkts %u first %u len %u seq %llu\n", b->version,
		    b->offset_to_priv, b->block_status, b->num_pkts, b->offset_to_first_pkt, b->blk_len,
		    (unsigned long long)b->seq_num);
		b = (const void *)((char *)m + pg);
		say("block 1: status %u pkts %u seq %llu\n", b->block_status, b->num_pkts,
		    (unsigned long long)b->seq_num);
	} else {
		const unsigned char *p = m;
		int zero = 1;
		for (size_t i = 0; i < size; i++)
			zero &= p[i] == 0;
		yesno("the frames are all zero", zero);
	}
	struct t_req3 none = {0};
	expect_err("free the ring while mapped", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &none, sizeof none), errno,
		   EBUSY);
	expect_err("tx ring while mapped", setsockopt(s, SOL_PACKET, PACKET_TX_RING, &r, sizeof r), errno, EBUSY);
	munmap(m, size);
	show_ret("free the ring after munmap", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &none, sizeof none), errno);
	show_ret("free it again", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &none, sizeof none), errno);
	expect_err("mmap with no ring", (long)(mmap(NULL, size, PROT_READ, MAP_SHARED, s, 0) == MAP_FAILED ? -1 : 0),
		   errno, EINVAL);
	if (version != T_V3) {
		show_ret("rx ring again", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno);
		show_ret("and a tx ring", setsockopt(s, SOL_PACKET, PACKET_TX_RING, &r, sizeof r), errno);
		m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
		show_ret("mmap the rx ring's size", m == MAP_FAILED ? -1 : 0, errno);
		m = mmap(NULL, 2 * size, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
		show_ret("mmap both rings", m == MAP_FAILED ? -1 : 0, errno);
		if (m != MAP_FAILED)
			munmap(m, 2 * size);
	}
	close(s);
}

static void reserve(void)
{
	say("-- PACKET_RESERVE\n");
	int s = fresh(T_V2);
	int v = 2000;
	show_ret("PACKET_RESERVE 2000", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, sizeof v), errno);
	struct t_req3 r = good(); /* 2048-byte frames: 52 + 2000 do not fit */
	expect_err("2048-byte frames", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno, EINVAL);
	v = 1996;
	show_ret("PACKET_RESERVE 1996", setsockopt(s, SOL_PACKET, PACKET_RESERVE, &v, sizeof v), errno);
	show_ret("2048-byte frames", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno);
	close(s);
}

int main(void)
{
	pg = sysconf(_SC_PAGESIZE);
	for (int version = T_V1; version <= T_V3; version++) {
		checks(version, PACKET_RX_RING);
		checks(version, PACKET_TX_RING);
	}
	for (int version = T_V1; version <= T_V3; version++)
		lifecycle(version);
	reserve();
	say("done\n");
	return 0;
}
