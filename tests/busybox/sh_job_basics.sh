# sh_job_basics: background jobs and wait, kill of a child, trap, $!, pipefail;
# synchronised with pipes, not sleeps (fifo_handshake.sh does it with a FIFO).
set -o pipefail
echo hello | (read x; echo "child read: $x"; exit 5) &
pid=$!
wait $pid; echo "wait: $?"
# (the shell's "Terminated"/"Killed" note is printed only if wait, not an
# earlier SIGCHLD, reaps the child: a race, so stderr is dropped)
sleep 100 &
pid=$!
{ kill $pid; wait $pid; } 2>/dev/null; echo "killed child: $?"
sleep 100 &
pid=$!
{ kill -9 $pid; wait $pid; } 2>/dev/null; echo "kill -9: $?"
trap 'echo "trap USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap - USR1
# the child says its pid once its trap is set; TERM then runs the trap
sh -c 'trap "echo child got TERM >&2; exit 9" TERM; echo $$; while :; do :; done' |
	{ read p; echo "child ready"; kill -TERM $p; }
echo "trapped child, pipefail: $?"
(trap 'echo "exit trap"' EXIT; echo "subshell with an EXIT trap")
(true) & (false) &
wait
echo "wait all: $?"
kill -0 $$ && echo "kill -0 self ok"
kill 999999 2>/dev/null || echo "kill missing pid: failed"
echo done
