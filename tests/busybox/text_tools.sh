# text_tools: sed, awk, sort, uniq, wc, cut, head, tail, tr, xargs, grep -r.
d=/tmp/text_tools
mkdir -p $d/g/sub
cd $d
cat > words <<EOT
pear 3 green
apple 10 red
banana 2 yellow
apple 10 red
cherry 7 red
EOT
echo "== sort"; sort words
echo "== sort -k2 -n"; sort -k2 -n words
echo "== sort -u"; sort -u words
echo "== uniq -c"; sort words | uniq -c
echo "== wc"; wc -l words; wc -w < words; wc -c < words
echo "== cut"; cut -d' ' -f1,3 words
echo "== head/tail"; head -2 words; tail -1 words; tail -n +4 words
echo "== tr"; tr 'a-z' 'A-Z' < words | head -1; echo hello | tr -d l
echo "== sed"; sed -n '/red/s/ [0-9]* / /p' words; sed '2d;s/e/E/g' words
echo "== awk"; awk '{ s += $2 } END { print "sum", s, NR }' words
awk -F' ' '$3 == "red" { print $1 }' words | sort -u
awk 'BEGIN { printf "%05.2f|%-4s|%x\n", 3.14159, "ab", 255 }'
echo "== xargs"; echo 1 2 3 4 5 | xargs -n 2 echo
printf 'a\nb\n' | xargs -I{} echo "item {}"
echo "== grep"
echo "needle here" > g/one
echo "no match" > g/two
echo "another needle" > g/sub/three
grep -r needle g | sort
grep -rl needle g | sort
grep -c red words
grep -v red words
grep -n -i APPLE words
grep -E 'ch(e|a)rry' words
grep -q nothing words; echo "grep -q: $?"
echo "== seq/rev/tac"; seq 3 | tac; echo abc | rev
rm -rf $d
echo done
