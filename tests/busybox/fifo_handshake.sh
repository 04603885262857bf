# fifo_handshake: mkfifo, then a background job and the shell meet through it
# (both directions), as shell scripts synchronise.
cd /tmp
mkfifo jobfifo
ls -l jobfifo | cut -c1
(read x < jobfifo; echo "child read: $x"; exit 5) &
pid=$!
echo hello > jobfifo
wait $pid; echo "wait: $?"
sh -c 'echo ready > /tmp/jobfifo; exit 3' &
pid=$!
read r < jobfifo; echo "child: $r"
wait $pid; echo "writer: $?"
rm jobfifo
echo done
