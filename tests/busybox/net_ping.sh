# net_ping: BusyBox ping and ping6 over lo (raw ICMP sockets, as root uses
# them): echo requests answered by the kernel, the reply's size and TTL or
# hop limit, -s for a larger payload, a destination with no route, and the
# ICMP counters of /proc/net/snmp and /proc/net/snmp6 afterwards. Round-trip
# times differ from run to run: they are masked.
mask_times() { sed -e 's/time=[0-9.]* ms/time=T ms/' -e 's|min/avg/max = .*|min/avg/max = T|'; }
ifconfig lo up; echo "ifconfig lo up: $?"
cat /proc/sys/net/ipv4/ping_group_range
ping -c 2 127.0.0.1 | mask_times; echo "ping: $?"
ping6 -c 2 ::1 | mask_times; echo "ping6: $?"
ping -c 1 -s 100 127.0.0.2 | mask_times; echo "ping -s 100: $?"
ping -c 1 -s 1000 ::1 | mask_times; echo "ping -s 1000 ::1: $?"
ping -c 1 10.1.2.3 2>&1; echo "ping without a route: $?"
grep -E '^Icmp' /proc/net/snmp
grep -E '^Icmp6(InMsgs|OutMsgs|InEchos|InEchoReplies|OutEchos|OutEchoReplies|InType|OutType)' /proc/net/snmp6
echo done
