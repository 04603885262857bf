/* packet_lo_roundtrip: frames on lo through AF_PACKET sockets — a SOCK_RAW
 * frame of a test ethertype sent on lo reaches a tap (ETH_P_ALL: as
 * PACKET_OUTGOING, then PACKET_HOST), a socket of that protocol (SOCK_DGRAM:
 * the payload only) and its sender once; SOCK_DGRAM sends with a header
 * made for it; a UDP datagram over 127.0.0.1 is seen by ETH_P_IP and
 * ETH_P_ALL sockets; PACKET_IGNORE_OUTGOING; MSG_TRUNC and MSG_PEEK; and
 * the same frames in a TPACKET_V2 ring (poll, frame headers, the address
 * after the header) and a TPACKET_V3 ring (the block handed over by its
 * timer), with PACKET_STATISTICS; a TPACKET_V2 TX ring's frames sent. */
#include "packet_test.h"

#include <netinet/ip.h>

/* The frames of our test protocol or to port 7777 waiting on s, one line each. */
static void drain(const char *label, int s)
{
	unsigned char buf[2048];
	for (;;) {
		struct sockaddr_ll from;
		socklen_t len = sizeof from;
		memset(&from, 0x55, sizeof from);
		ssize_t n = recvfrom(s, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &len);
		if (n < 0) {
			say("%s: then %s\n", label, errname(errno));
			return;
		}
		int proto = ntohs(from.sll_protocol);
		if (proto != T_ETH_P_TEST && proto != T_ETH_P_IP)
			continue; /* nothing else should be on lo, but do not count on it */
		say("%s: %zd bytes", label, n);
		size_t show = (size_t)n < 24 ? (size_t)n : 24;
		/* an IPv4 header's identification and checksum differ by boot on Linux: xx */
		int ip_at = proto != T_ETH_P_IP ? -100 : buf[0] == 0x45 ? 0 : 14;
		for (size_t i = 0; i < show; i++) {
			int in_ip = (int)i - ip_at;
			if (in_ip == 4 || in_ip == 5 || in_ip == 10 || in_ip == 11)
				say("%sxx", i ? "" : " ");
			else
				say("%s%02x", i ? "" : " ", buf[i]);
		}
		say("\n");
		show_ll("  from", &from, len);
	}
}

/* PACKET_STATISTICS (read and cleared). */
static void show_stats(const char *label, int s)
{
	struct {
		unsigned packets, drops;
	} st;
	socklen_t len = sizeof st;
	getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &len);
	say("%s: packets %u drops %u\n", label, st.packets, st.drops);
}

static void raw_and_dgram(void)
{
	say("-- raw and dgram\n");
	int tap = packet_on_lo(SOCK_RAW, T_ETH_P_ALL);
	int proto_raw = packet_on_lo(SOCK_RAW, T_ETH_P_TEST);
	int proto_dgram = packet_on_lo(SOCK_DGRAM, T_ETH_P_TEST);
	int ip = packet_on_lo(SOCK_DGRAM, T_ETH_P_IP);
	int any_dev = socket(AF_PACKET, SOCK_DGRAM, htons(T_ETH_P_TEST)); /* every device */
	int sender = packet_on_lo(SOCK_RAW, T_ETH_P_ALL);
	unsigned char frame[100];
	size_t n = test_frame(frame, 7, 30, 0x40);
	show_ret("send a raw frame", send(sender, frame, n, 0), errno);
	drain("tap", tap);
	drain("protocol raw", proto_raw);
	drain("protocol dgram", proto_dgram);
	drain("ETH_P_IP", ip);
	drain("every device", any_dev);
	drain("sender", sender);
	/* SOCK_DGRAM: the kernel makes the header; lo's destination is zero whatever sll_addr says */
	struct sockaddr_ll to = ll_of(T_ETH_P_TEST, lo_index());
	to.sll_halen = 6;
	memset(to.sll_addr, 0xaa, 6);
	show_ret("sendto from SOCK_DGRAM", sendto(proto_dgram, "hello", 5, 0, (struct sockaddr *)&to, sizeof to),
		 errno);
	drain("tap", tap);
	drain("protocol dgram (the sender)", proto_dgram);
	/* another destination address: PACKET_OTHERHOST, still tapped */
	frame[0] = 0x02;
	show_ret("send to 02:00:00:00:00:00", send(sender, frame, n, 0), errno);
	drain("protocol raw", proto_raw);
	frame[0] = 0x01;
	show_ret("send to 01:00:00:00:00:00", send(sender, frame, n, 0), errno);
	drain("protocol raw", proto_raw);
	frame[0] = 0;
	/* a UDP datagram over 127.0.0.1 */
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in dst = sin_of("127.0.0.1", 7777);
	bind(u, (struct sockaddr *)&dst, sizeof dst);
	show_ret("UDP to 127.0.0.1:7777", sendto(u, "ping", 4, 0, (struct sockaddr *)&dst, sizeof dst), errno);
	unsigned char buf[2048];
	ssize_t got = recv(u, buf, sizeof buf, MSG_DONTWAIT);
	show_ret("UDP received", got, errno);
	drain("tap", tap);
	drain("ETH_P_IP", ip);
	drain("protocol raw", proto_raw);
	/* PACKET_IGNORE_OUTGOING: the tap keeps only the received copies */
	int one = 1;
	setsockopt(tap, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	show_ret("send with the tap ignoring outgoing", send(sender, frame, n, 0), errno);
	drain("tap", tap);
	drain("protocol raw", proto_raw);
	/* MSG_PEEK, then MSG_TRUNC */
	send(sender, frame, n, 0);
	show_ret("peek 10 bytes", recv(proto_raw, buf, 10, MSG_PEEK), errno);
	struct msghdr mh = {0};
	struct iovec iov = {buf, 10};
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	show_ret("recvmsg 10 bytes", recvmsg(proto_raw, &mh, 0), errno);
	say("  msg_flags MSG_TRUNC: %s\n", mh.msg_flags & MSG_TRUNC ? "yes" : "no");
	send(sender, frame, n, 0);
	show_ret("recv 10 bytes with MSG_TRUNC", recv(proto_raw, buf, 10, MSG_TRUNC), errno);
	int inq = -1;
	send(sender, frame, n, 0);
	ioctl(proto_raw, FIONREAD, &inq);
	say("FIONREAD: %d\n", inq);
	struct pollfd pfd = {.fd = proto_raw, .events = POLLIN | POLLOUT};
	show_ret("poll", poll(&pfd, 1, 0), errno);
	say("  revents %#x\n", pfd.revents);
	drain("protocol raw", proto_raw);
	show_stats("statistics", proto_raw);
	show_stats("statistics again", proto_raw);
	close(u);
	close(tap);
	close(proto_raw);
	close(proto_dgram);
	close(ip);
	close(any_dev);
	close(sender);
}

static void show_sll_at(const unsigned char *at)
{
	struct sockaddr_ll a;
	memcpy(&a, at, sizeof a);
	show_ll("  sll", &a, sizeof a);
}

/* A socket of type and version with an 8 KiB RX ring of r's shape, mapped
 * at *ring and bound to lo; -1 after saying why. */
static int ring_socket(int type, int version, struct t_req3 r, unsigned char **ring)
{
	int s = socket(AF_PACKET, type, htons(T_ETH_P_TEST));
	setsockopt(s, SOL_PACKET, PACKET_VERSION, &version, sizeof version);
	show_ret("rx ring", setsockopt(s, SOL_PACKET, PACKET_RX_RING, &r, sizeof r), errno);
	*ring = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	if (*ring == MAP_FAILED) {
		say("mmap: %s\n", errname(errno));
		return -1;
	}
	struct sockaddr_ll a = ll_of(T_ETH_P_TEST, lo_index());
	bind(s, (struct sockaddr *)&a, sizeof a);
	return s;
}

static void ring_v2(int type)
{
	say("-- TPACKET_V2 ring, %s\n", type == SOCK_RAW ? "SOCK_RAW" : "SOCK_DGRAM");
	unsigned char *ring;
	struct t_req3 r = {.block_size = 4096, .block_nr = 2, .frame_size = 2048, .frame_nr = 4};
	int s = ring_socket(type, T_V2, r, &ring);
	if (s < 0)
		return;
	struct pollfd pfd = {.fd = s, .events = POLLIN};
	show_ret("poll before", poll(&pfd, 1, 0), errno);
	int sender = packet_on_lo(SOCK_RAW, T_ETH_P_ALL);
	unsigned char frame[3000];
	for (int i = 0; i < 6; i++) {
		size_t n = test_frame(frame, (unsigned char)i, i == 2 ? 2500 : 20 + i, (unsigned char)(0x10 * i));
		send(sender, frame, n, 0);
	}
	pfd.revents = 0;
	show_ret("poll after six frames", poll(&pfd, 1, 1000), errno);
	say("  revents %#x\n", pfd.revents);
	for (int f = 0; f < 4; f++) {
		volatile struct t_hdr2 *h = (void *)(ring + f * 2048);
		say("frame %d: status %#x len %u snaplen %u mac %u net %u vlan %u/%u\n", f, h->status & ~0x20000000u,
		    h->len, h->snaplen, h->mac, h->net, h->vlan_tci, h->vlan_tpid);
		show_sll_at(ring + f * 2048 + 32);
		say("  data %02x %02x %02x %02x\n", ring[f * 2048 + h->mac], ring[f * 2048 + h->mac + 1],
		    ring[f * 2048 + h->net], ring[f * 2048 + h->net + 1]);
	}
	show_stats("statistics", s);
	/* give frame 0 back: the next frame goes there, marked as losing */
	((volatile struct t_hdr2 *)ring)->status = 0;
	send(sender, frame, test_frame(frame, 9, 9, 0x90), 0);
	volatile struct t_hdr2 *h = (void *)ring;
	say("frame 0 again: status %#x len %u\n", h->status & ~0x20000000u, h->len);
	close(sender);
	munmap(ring, 8192);
	close(s);
}

static void ring_v3(void)
{
	say("-- TPACKET_V3 ring\n");
	unsigned char *ring;
	struct t_req3 r = {.block_size = 4096,
			   .block_nr = 2,
			   .frame_size = 2048,
			   .frame_nr = 4,
			   .retire_blk_tov = 500, /* long enough for the three sends to land in one block */
			   .sizeof_priv = 16};
	int s = ring_socket(SOCK_RAW, T_V3, r, &ring);
	if (s < 0)
		return;
	int sender = packet_on_lo(SOCK_RAW, T_ETH_P_ALL);
	unsigned char frame[200];
	for (int i = 0; i < 3; i++)
		send(sender, frame, test_frame(frame, (unsigned char)i, 40 + i, (unsigned char)(0x20 * i)), 0);
	struct pollfd pfd = {.fd = s, .events = POLLIN};
	show_ret("poll (the block's timer hands it over)", poll(&pfd, 1, 5000), errno);
	say("  revents %#x\n", pfd.revents);
	volatile struct t_block_desc *b = (void *)ring;
	say("block 0: version %u priv at %u status %#x pkts %u first %u len %u seq %llu\n", b->version,
	    b->offset_to_priv, b->block_status, b->num_pkts, b->offset_to_first_pkt, b->blk_len,
	    (unsigned long long)b->seq_num);
	unsigned off = b->offset_to_first_pkt;
	for (unsigned i = 0; i < b->num_pkts && off < 4096; i++) {
		volatile struct t_hdr3 *h = (void *)(ring + off);
		say("packet %u at %u: next %u status %#x len %u snaplen %u mac %u net %u\n", i, off, h->next_offset,
		    h->status & ~0x20000000u, h->len, h->snaplen, h->mac, h->net);
		show_sll_at(ring + off + 48);
		say("  data %02x %02x\n", ring[off + h->mac + 14], ring[off + h->mac + 15]);
		off += h->next_offset;
	}
	volatile struct t_block_desc *b1 = (void *)(ring + 4096);
	say("block 1: status %#x pkts %u seq %llu\n", b1->block_status, b1->num_pkts, (unsigned long long)b1->seq_num);
	struct {
		unsigned packets, drops, freezes;
	} st;
	socklen_t len = sizeof st;
	getsockopt(s, SOL_PACKET, PACKET_STATISTICS, &st, &len);
	say("statistics: packets %u drops %u freezes %u (len %u)\n", st.packets, st.drops, st.freezes, (unsigned)len);
	close(sender);
	munmap(ring, 8192);
	close(s);
}

/* A TX ring (TPACKET_V2, SOCK_RAW): the frames marked TP_STATUS_SEND_REQUEST
 * go out on send, in ring order, and are available again; a frame too long
 * for its slot is TP_STATUS_WRONG_FORMAT and the send EMSGSIZE. */
static void tx_ring(void)
{
	say("-- TPACKET_V2 TX ring\n");
	int s = socket(AF_PACKET, SOCK_RAW, htons(T_ETH_P_TEST));
	int v = T_V2;
	setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, sizeof v);
	struct t_req3 r = {.block_size = 4096, .block_nr = 1, .frame_size = 1024, .frame_nr = 4};
	show_ret("tx ring", setsockopt(s, SOL_PACKET, PACKET_TX_RING, &r, sizeof r), errno);
	unsigned char *ring = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	if (ring == MAP_FAILED) {
		say("mmap: %s\n", errname(errno));
		return;
	}
	int rx = packet_on_lo(SOCK_DGRAM, T_ETH_P_TEST);
	show_ret("send with nothing to send, unbound", send(s, NULL, 0, 0), errno);
	struct sockaddr_ll a = ll_of(T_ETH_P_TEST, lo_index());
	bind(s, (struct sockaddr *)&a, sizeof a);
	show_ret("send with nothing to send", send(s, NULL, 0, 0), errno);
	for (int f = 0; f < 2; f++) {
		volatile struct t_hdr2 *h = (void *)(ring + f * 1024);
		h->len = (uint32_t)test_frame(ring + f * 1024 + 32, (unsigned char)(0x30 + f), 10 + f, 0x70);
		h->status = 1; /* TP_STATUS_SEND_REQUEST */
	}
	show_ret("send the two frames", send(s, NULL, 0, 0), errno);
	for (int f = 0; f < 3; f++)
		say("frame %d status %u\n", f, ((volatile struct t_hdr2 *)(ring + f * 1024))->status);
	drain("receiver", rx);
	volatile struct t_hdr2 *h = (void *)(ring + 2 * 1024);
	h->len = 1000;
	h->status = 1;
	expect_err("a frame longer than its slot", send(s, NULL, 0, 0), errno, EMSGSIZE);
	say("its status %u\n", h->status);
	drain("receiver", rx);
	munmap(ring, 4096);
	close(rx);
	close(s);
}

int main(void)
{
	lo_up();
	usleep(100000);
	raw_and_dgram();
	ring_v2(SOCK_RAW);
	ring_v2(SOCK_DGRAM);
	ring_v3();
	tx_ring();
	say("done\n");
	return 0;
}
