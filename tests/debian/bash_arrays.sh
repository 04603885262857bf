# bash_arrays: Debian's bash (dynamically linked: libc, libtinfo) runs a
# script with indexed and associative arrays, process substitution, a
# function, arithmetic, here-strings, a pipeline through coreutils and
# `wait -n` on background jobs that finish in a fixed order (pipes, no sleeps).
set -u
fruits=(pear apple fig)
fruits+=(banana)
echo "count ${#fruits[@]}: ${fruits[*]}"
sorted=$(printf '%s\n' "${fruits[@]}" | sort | tr '\n' ' ')
echo "sorted: $sorted"
declare -A colour=([pear]=green [apple]=red [fig]=purple)
for k in $(printf '%s\n' "${!colour[@]}" | sort); do
	echo "colour[$k]=${colour[$k]}"
done
square() { echo $(($1 * $1)); }
echo "squares: $(square 3) $(square 12)"
while read -r line; do
	echo "from process substitution: $line"
done < <(printf 'one\ntwo\n')
read -r a b <<< "left right"
echo "here-string: $b $a"
echo "lengths: $(echo -n "${fruits[1]}" | wc -c) ${#fruits[2]}"

# wait -n: two jobs, the second released first through a FIFO handshake.
# Each wait -n starts once its job has ended and bash has reaped it (kill -0
# fails): bash 5.2's wait -n misses a job that ends between its first look
# at the job table and its waitpid (jobs.c wait_for_any_job: the SIGCHLD
# handler reaps it in that window, then the blocking waitpid waits for the
# other job, which here never ends). Seen on Debian's Linux as on
# LevitateOS, about once in 50 runs, before this wait was added.
dir=/tmp/bash_arrays.$$
mkdir "$dir" && mkfifo "$dir/go1" "$dir/go2"
( read -r _ < "$dir/go1"; exit 11 ) &
first=$!
( read -r _ < "$dir/go2"; exit 22 ) &
second=$!
echo x > "$dir/go2"
while kill -0 "$second" 2>/dev/null; do :; done
wait -n; echo "first job to end: $?"
echo x > "$dir/go1"
while kill -0 "$first" 2>/dev/null; do :; done
wait -n; echo "second job to end: $?"
rm -r "$dir"
echo "seq via coreutils: $(seq 1 5 | paste -sd+)"
echo done
