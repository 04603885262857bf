# tmpfs_limits: df of a mount with size=, what a file uses of it, ENOSPC when full.
cd /tmp
mkdir -p lim
mount -t tmpfs -o size=1m none lim || echo "mount failed"
df -k lim | awk 'NR == 2 { print "size", $2, "used", $3, "avail", $4 }'
dd if=/dev/zero of=lim/a bs=1024 count=100 2>/dev/null
df -k lim | awk 'NR == 2 { print "size", $2, "used", $3, "avail", $4 }'
dd if=/dev/zero of=lim/big bs=1024 count=2048 2>&1; echo "dd past the end: $?"
stat -c '%s' lim/big
rm lim/big lim/a
df -k lim | awk 'NR == 2 { print "size", $2, "used", $3, "avail", $4 }'
umount lim
rmdir lim
echo done
