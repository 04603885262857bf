# applets_misc.sh — BusyBox applets the other scripts do not cover, on fixed
# input: egrep, tee, basename, dirname, expr, test, date -d @0, env, id, od,
# hexdump, gzip/gunzip, seq, sleep, kill.
set -u
d=/tmp/applets_misc
rm -rf $d && mkdir -p $d && cd $d

printf 'alpha 1\nbeta 22\ngamma 333\ndelta\n' > in.txt
echo "-- egrep"
egrep 'a [0-9]{2,}|^del' in.txt
egrep -c 'a' in.txt
egrep -v -n 'beta|gamma' in.txt

echo "-- tee"
printf 'one\ntwo\n' | tee t1.txt t2.txt | wc -l
cat t1.txt t2.txt
echo three | tee -a t1.txt > /dev/null
cat t1.txt

echo "-- basename dirname"
basename /usr/lib/libc.so.6
basename /usr/lib/libc.so.6 .6
basename /
basename dir/
dirname /usr/lib/libc.so.6
dirname file
dirname /
dirname a/b/

echo "-- expr"
expr 3 + 4 '*' 5
expr 17 / 5
expr 17 % 5
expr length "hello world"
expr substr "abcdef" 2 3
expr index "abcdef" d
expr match "abc123" '[a-z]*'
expr "abc" : 'a\(.\)'
expr 5 '>' 3
expr 1 = 2; echo "status $?"

echo "-- test"
for e in "-d $d" "-f in.txt" "-e missing" "-s in.txt" "-z ''" "-n x" "3 -lt 10" "abc = abc" "abc != abc" "-x in.txt"; do
	if eval "test $e"; then echo "test $e: true"; else echo "test $e: false"; fi
done
[ 2 -ge 2 ] && [ ! 1 -eq 2 ] && echo "brackets ok"

echo "-- date"
date -u -d @0
date -u -d @86399 '+%Y-%m-%d %H:%M:%S %j %a'
date -u -d @1000000000 +%s

echo "-- env id"
env -i A=1 B=two env
env -i PATH=/bin X=y sh -c 'echo $X'
id -u; id -g

echo "-- od hexdump"
printf 'AB\001\377xyz\n' > bytes.bin
od -A x -t x1 bytes.bin
od -c bytes.bin
od -A d -t d2 bytes.bin
hexdump -C bytes.bin
hexdump bytes.bin

echo "-- gzip gunzip"
seq 1 200 > nums.txt
gzip -c nums.txt > nums.gz
gunzip -c nums.gz | md5sum
md5sum nums.txt | cut -d' ' -f1
gzip -9 nums.txt && ls nums.txt* && gunzip nums.txt.gz && wc -l nums.txt
gunzip -t nums.gz && echo "gzip -t ok"
echo garbage > bad.gz; gunzip -c bad.gz > /dev/null 2>&1; echo "bad gz status $?"

echo "-- seq sleep kill"
seq 3; seq 2 2 9; seq -s, 5 -1 1; seq -w 8 11
sleep 0; echo "sleep 0 status $?"
# the shell's "Killed" note depends on timing: only the status is compared
{ sleep 100 & pid=$!; kill -9 $pid; wait $pid; echo "kill -9: status $?"; } 2>/dev/null
kill -l 15; kill -l TERM
kill 999999 2>/dev/null; echo "no such pid: status $?"

cd /tmp && rm -rf $d
echo done
