# hostname.sh — BusyBox's hostname applet (sethostname, read back through
# uname and /proc/sys/kernel/hostname), from an argument and from a file
# (-F; an empty file leaves the name alone); the name is put back at the end.
set -u
old_host=$(hostname)
hostname guest-two && echo "hostname set: $?"
hostname
uname -n
cat /proc/sys/kernel/hostname
hostname -F /dev/null; echo "empty file: $?"
hostname
mkdir -p /tmp/hostname_test
echo "from-a-file" > /tmp/hostname_test/name
hostname -F /tmp/hostname_test/name && hostname
rm -r /tmp/hostname_test
hostname "$old_host" && echo "name put back"
echo done
