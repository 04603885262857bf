# text_tools: Debian's sed, grep and diff (diffutils) on files in /tmp:
# substitutions with groups and addresses, in-place editing (sed -i writes a
# temporary file and renames it over the original), grep's counts, inverted
# and only-matching output, recursive search and file lists, and a unified
# diff of two versions of a file (no time stamps: --label).
set -eu
dir=/tmp/text_tools
mkdir -p "$dir/sub/deeper"
printf 'alpha 1\nbeta 22\ngamma 333\ndelta 4444\nepsilon 5\n' > "$dir/words"
sed 's/[0-9]\+/<&>/' "$dir/words"
sed -n '2,4p' "$dir/words"
sed -E 's/^([a-z]+) ([0-9]+)$/\2=\1/; /^4/d' "$dir/words"
sed -n '/beta/,/delta/{=;p}' "$dir/words"
cp "$dir/words" "$dir/edited"
sed -i -e 's/a/A/g' -e '$a\zeta 6' "$dir/edited"
cat "$dir/edited"
echo "grep -c: $(grep -c a "$dir/words")"
grep -v -n e "$dir/words"
grep -o -E '[0-9]{3,}' "$dir/words"
printf 'needle here\n' > "$dir/sub/one"
printf 'no match\n' > "$dir/sub/two"
printf 'a needle again\n' > "$dir/sub/deeper/three"
grep -r -l needle "$dir/sub" | sort
grep -r -c needle "$dir/sub" | sort
grep -q gamma "$dir/words" && echo "grep -q found gamma"
grep -q zeta "$dir/words" || echo "grep -q: no zeta ($?)"
diff -u --label old --label new "$dir/words" "$dir/edited" || echo "diff status $?"
cmp -s "$dir/words" "$dir/words" && echo "cmp: same"
rm -r "$dir"
echo done
