# ifconfig_lo.sh — BusyBox ifconfig on the loopback: its flags,
# 127.0.0.1 and netmask, "Local Loopback" (SIOCGIFHWADDR's ARPHRD_LOOPBACK),
# metric, MTU and queue length, and the /proc/net/dev header ifconfig -a
# reads the device list from. The counters depend on what ran before in
# the boot, so their lines are left out.
set -u
echo "-- up"
ifconfig lo up
ifconfig lo | grep -v -e packets -e bytes
echo "-- ifconfig -a"
ifconfig -a | grep -v -e packets -e bytes
echo "-- /proc/net/dev"
head -2 /proc/net/dev
grep -c '^ *lo:' /proc/net/dev
echo done
