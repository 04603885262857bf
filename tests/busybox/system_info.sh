# system_info: ps, free, uptime, df, mount: the deterministic parts only
# (headers, field counts, our own processes).
ps | head -1
ps -o comm | grep -c '^ps$'
ps -o pid,comm | awk 'NR == 1 { print } $2 == "ps" { print "ps: comm" }'
free | awk 'NR == 1 { print $1, $2, $3 } NR == 2 { print $1, NF } NR == 3 { print $1, NF }'
uptime | grep -q 'load average' && echo "uptime: load average"
df /tmp | awk 'NR == 1 { print $1, $2 } NR == 2 { print $NF }'
mount | grep ' /proc ' | awk '{ print $1, $2, $3, $4, $5 }'
mount | grep ' /tmp ' | awk '{ print $1, $2, $3, $4, $5 }'
cat /proc/mounts | awk '$2 == "/proc" || $2 == "/tmp" { print $1, $2, $3 }' | sort
uname -s -m
echo done
