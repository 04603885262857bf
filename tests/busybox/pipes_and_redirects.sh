# pipes_and_redirects: sh pipelines, subshells, $?, here-docs, redirections.
echo "a b c" | tr ' ' '\n' | sort -r
false; echo "false: $?"
true; echo "true: $?"
(exit 7); echo "subshell: $?"
sh -c 'exit 3'; echo "sh -c: $?"
false | true; echo "pipeline status is the last: $?"
x=outer; (x=inner; echo "in: $x"); echo "out: $x"
echo "$(echo nested $(echo twice))"
cat <<EOT
here-doc with $x expanded
EOT
cat <<'EOT'
quoted here-doc keeps $x
EOT
cd /tmp
echo to-file > r1
echo appended >> r1
cat < r1
echo to-stderr 1>&2 2>/dev/null
{ echo out; echo err >&2; } > r2 2>&1
sort r2
ls /nonexistent 2>/dev/null || echo "ls failed: status $?"
exec 3> r3
echo via-fd-3 >&3
exec 3>&-
cat r3
read line < r1; echo "read: $line"
while read a b; do echo "[$b $a]"; done <<EOT
1 one
2 two
EOT
seq 1 10 | while read n; do [ $((n % 3)) -eq 0 ] && echo "div3: $n"; done
set -- p q r; echo "args: $# $2 $*"
case foo.txt in *.txt) echo "case: txt";; *) echo "case: other";; esac
f() { echo "in f: $1"; return 4; }; f arg; echo "f: $?"
rm -f r1 r2 r3
echo done
