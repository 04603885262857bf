# mount_list: mount and /proc/mounts list what init mounted (proc, tmpfs).
mount | grep ' /proc ' | awk '{ print $1, $2, $3, $4, $5 }'
mount | grep ' /tmp ' | awk '{ print $1, $2, $3, $4, $5 }'
awk '$2 == "/proc" || $2 == "/tmp" { print $1, $2, $3 }' /proc/mounts
echo done
