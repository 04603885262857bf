# tar_roundtrip: tar c then x into another directory; diff -r and sha256sum agree.
set -e
# tar runs gzip by name: links to every applet in a directory of our own
mkdir -p /tmp/bb
busybox --install -s /tmp/bb
PATH=/tmp/bb:$PATH
readlink /tmp/bb/gzip
d=/tmp/tar_roundtrip
mkdir -p $d/src/sub/deeper $d/out
cd $d/src
i=0
while [ $i -lt 200 ]; do echo "line $i of the big file"; i=$((i + 1)); done > big.txt
printf 'no newline at end' > nonl
: > empty
echo deep > sub/deeper/file
chmod 751 sub
chmod 600 nonl
ln -s big.txt link
cd $d
tar cf a.tar -C src .
tar tf a.tar | sort
tar xf a.tar -C out
diff -r src out && echo "diff -r: same"
(cd src && find . -type f | sort | xargs sha256sum) > s1
(cd out && find . -type f | sort | xargs sha256sum) > s2
cat s1
cmp s1 s2 && echo "sha256sum: same"
ls -l out | awk '{ print $1, $5, $NF }'
readlink out/link
echo "== gzip"
tar czf b.tgz -C src sub big.txt
mkdir out2
tar xzf b.tgz -C out2
diff -r src/sub out2/sub && cmp src/big.txt out2/big.txt && echo "tgz: same"
tar tzf b.tgz | sort
rm -rf $d /tmp/bb
echo done
