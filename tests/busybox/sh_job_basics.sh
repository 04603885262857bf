# sh_job_basics: background jobs and wait, kill of a child, trap, $!; synchronised
# with a FIFO, not sleeps.
cd /tmp
mkfifo jobfifo
(read x < jobfifo; echo "child read: $x"; exit 5) &
pid=$!
echo hello > jobfifo
wait $pid; echo "wait: $?"
sleep 100 &
pid=$!
kill $pid
wait $pid; echo "killed child: $?"
sleep 100 &
pid=$!
kill -9 $pid
wait $pid; echo "kill -9: $?"
trap 'echo "trap USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap - USR1
sh -c 'trap "echo child got TERM; exit 9" TERM; echo ready > /tmp/jobfifo; while :; do :; done' &
pid=$!
read r < jobfifo; echo "child: $r"
kill -TERM $pid
wait $pid; echo "trapped child: $?"
(trap 'echo "exit trap"' EXIT; echo "subshell with an EXIT trap")
(true) & (false) &
wait
echo "wait all: $?"
kill -0 $$ && echo "kill -0 self ok"
kill 999999 2>/dev/null || echo "kill missing pid: failed"
rm -f jobfifo
echo done
