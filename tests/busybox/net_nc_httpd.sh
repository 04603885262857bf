# net_nc_httpd: BusyBox networking over 127.0.0.1 — ifconfig brings lo up,
# httpd serves a file to wget (and a 404), netstat reads the listener from
# /proc/net/tcp, nc carries a line from a client to a listener. A server is
# known to listen once /proc/net/tcp shows it (a handshake, not a sleep).
# nc listens on IPv6's :: where the kernel has IPv6, else on 0.0.0.0; the
# client reaches it through 127.0.0.1 either way.
cd /tmp
ifconfig lo up; echo "ifconfig lo up: $?"
mkdir -p www
printf 'hello from httpd\n' > www/index.html
httpd -f -p 127.0.0.1:8080 -h /tmp/www &
hp=$!
until grep -q ' 0100007F:1F90 00000000:0000 0A ' /proc/net/tcp; do :; done
netstat -tln | grep ':8080 ' | tr -s ' '
head -n1 /proc/net/tcp6; head -n1 /proc/net/udp6
wget -q -O - http://127.0.0.1:8080/index.html; echo "wget: $?"
wget -q -O /tmp/got http://127.0.0.1:8080/; echo "wget /: $? $(cat /tmp/got)"
wget -q -O - http://127.0.0.1:8080/missing.html; echo "wget missing: $?"
# ash may print "Terminated" for the killed job while kill or wait reaps
# it, or not at all, by timing: its stderr is not part of the comparison.
{ kill $hp; wait $hp; } 2>/dev/null; echo "httpd killed: $?"

mkfifo hold
exec 3<>hold
nc -l -p 9000 <hold >nc.out &
np=$!
# Linux's nc listens on :: (/proc/net/tcp6); without IPv6 it takes 0.0.0.0
until grep -qs ':2328 0*:0000 0A ' /proc/net/tcp /proc/net/tcp6; do :; done
echo "a line through nc" | nc 127.0.0.1 9000; echo "nc client: $?"
wait $np; echo "nc listener: $?"
cat nc.out
exec 3>&-
nc 127.0.0.1 9 </dev/null; echo "nc to a closed port: $?"
rm -r www hold nc.out got
echo done
