# /proc/loadavg's shape, /proc/stat's ctxt and processes counters, and sysinfo's load via uptime.
awk '{ n = split($4, rq, "/"); print NF, ($1 ~ /^[0-9]+\.[0-9][0-9]$/), ($3 ~ /^[0-9]+\.[0-9][0-9]$/), n, ($5 > 0) }' /proc/loadavg
field() { awk -v k="$1" '$1 == k { print $2 }' /proc/stat; }
p0=$(field processes); c0=$(field ctxt)
for i in 1 2 3 4 5; do /bin/true; done
p1=$(field processes); c1=$(field ctxt)
[ $((p1 - p0)) -ge 5 ] && echo "processes counted" || echo "processes: $p0 -> $p1"
[ "$c1" -gt "$c0" ] && echo "ctxt counted" || echo "ctxt: $c0 -> $c1"
# the last pid in /proc/loadavg is the newest process: a child started now has a pid at least as big
last=$(awk '{ print $5 }' /proc/loadavg)
sh -c 'echo $$' > /tmp/childpid
[ "$(cat /tmp/childpid)" -gt "$last" ] && echo "last pid ok" || echo "last pid $last, child $(cat /tmp/childpid)"
uptime | grep -c 'load average: [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9]$'
echo done
