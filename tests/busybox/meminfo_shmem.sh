# /proc/meminfo: a 400 KiB tmpfs file raises Shmem and Cached by at least 300 kB (Linux folds per-CPU counts lazily); unlinking it gives them back.
shmem() { awk '$1 == "Shmem:" { print $2 }' /proc/meminfo; }
cached() { awk '$1 == "Cached:" { print $2 }' /proc/meminfo; }
s0=$(shmem); c0=$(cached)
dd if=/dev/zero of=/tmp/big bs=4096 count=100 2>/dev/null
s1=$(shmem); c1=$(cached)
[ $((s1 - s0)) -ge 300 ] && echo "shmem grew" || echo "shmem: $s0 -> $s1"
[ $((c1 - c0)) -ge 300 ] && echo "cached grew" || echo "cached: $c0 -> $c1"
rm /tmp/big
s2=$(shmem)
[ $((s1 - s2)) -ge 300 ] && echo "shmem shrank" || echo "shmem: $s1 -> $s2"
grep -c '^MemAvailable:' /proc/meminfo
echo done
