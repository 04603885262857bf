# mount_tmpfs: mount -t tmpfs, write, umount, errors.
cd /tmp
mkdir -p mnt
mount -t tmpfs none mnt; echo "mount: $?"
echo data > mnt/file
cat mnt/file
grep -c ' /tmp/mnt ' /proc/mounts
echo moved > /tmp/across
mv /tmp/across mnt/; echo "mv across mounts: $?"
cat mnt/across
[ -e /tmp/across ] || echo "source gone"
mkdir -p /tmp/dirsrc/x && echo in > /tmp/dirsrc/x/f
mv /tmp/dirsrc mnt/; echo "mv dir across mounts: $?"
find mnt | sort
cd mnt; umount /tmp/mnt 2>/dev/null; echo "umount busy: $?"; cd /tmp
umount mnt; echo "umount: $?"
ls mnt
[ -e mnt/file ] || echo "file gone with the mount"
umount mnt 2>/dev/null; echo "umount again: $?"
mount -t nosuchfs none mnt 2>/dev/null; echo "mount unknown fs: $?"
mount -t tmpfs none /nonexistent 2>/dev/null; echo "mount on missing dir: $?"
mount -t tmpfs -o size=1m none mnt; echo "mount size=1m: $?"
df -k mnt | awk 'NR == 2 { print $2 }'
umount mnt
rmdir mnt
echo done
