# proc_self: /proc/self seen through busybox.
cat /proc/self/comm
readlink /proc/self/exe
readlink /proc/self/cwd
cd /tmp && readlink /proc/self/cwd
cat /proc/self/cmdline | tr '\0' ' '; echo
readlink /proc/self/fd/1 > /tmp/fd1  # its stdout is that file
cat /tmp/fd1
rm /tmp/fd1
sh -c 'cat /proc/$$/comm'
grep '^State:' /proc/self/status
ls /proc/self/fd | sort -n | head -3
echo through-a-pipe | cat /proc/self/fd/0  # the pipe itself, not "pipe:[N]"
echo done
