# net_ip: BusyBox ip over NETLINK_ROUTE and the device ioctls — ip link set
# (SIOCSIFFLAGS), ip link and ip addr (RTM_GETLINK and RTM_GETADDR dumps,
# SIOCGIFTXQLEN for qlen; ip -6 reads addrconf's AF_INET6 link dump), ip
# route (RTM_GETROUTE: the main table has nothing for lo, the local table
# the routes of 127.0.0.1/8; ::1's route is local too), and lo taken down
# and up again (not its routes while down: see docs/net.md). lo's state
# before the script depends on the scripts run before it in the same boot:
# it is brought up first.
ip link set lo up; echo "set up: $?"
ip link; echo "link: $?"
ip addr; echo "addr: $?"
ip route; echo "route: $?"
ip route show table local; echo "table local: $?"
ip -6 route; echo "route -6: $?"
ip -4 addr; echo "addr -4: $?"
ip -6 addr; echo "addr -6: $?"
ip link set lo down; echo "set down: $?"
ip link; echo "link: $?"
ip link set lo up; echo "set up: $?"
echo done
