# shared_text: the text of python3 and its libraries is shared between
# processes (page-cache frames mapped read-only, docs/exec.md): 8 python3
# processes waiting on a FIFO take less than 6 times the memory (MemFree in
# /proc/meminfo) the first one took — about 4.7 times on both kernels, where
# private copies of the text would make it nearly 8. Each process tells the
# script it is ready through a FIFO, so no sleeping.
set -u
d=/tmp/shared_text
mkdir -p $d && cd $d
mkfifo ready hold
free_kib() { while read -r name value _; do [ "$name" = MemFree: ] && echo "$value"; done < /proc/meminfo; }
start() {
	python3 -c 'import json, re, hashlib, subprocess
open("ready", "w").write("x")
open("hold").read()' &
	read -r _ < ready
}
before=$(free_kib)
start
one=$(( before - $(free_kib) ))
for i in 2 3 4 5 6 7 8; do start; done
eight=$(( before - $(free_kib) ))
[ "$one" -gt 0 ] && echo "one python3 takes memory: yes"
echo "8 python3 processes take less than 6 times one: $( (( eight < 6 * one )) && echo yes || echo "no ($one KiB, $eight KiB)")"
echo x > hold
wait
cd / && rm -r $d
echo done
