# archives: Debian's tar, gzip and findutils: a tree with fixed modes and
# times archived with tar | gzip and listed (tar tvz), extracted elsewhere
# and compared byte for byte, gzip -n's output checksummed (no name or
# time in its header, so the same bytes on both kernels), find's tests
# (-name, -type, -newer, -size, -perm, -empty) and actions (-exec, -print0
# through xargs -0, -delete).
set -eu
dir=/tmp/archives
mkdir -p "$dir/src/docs/empty" "$dir/src/bin" "$dir/out"
cd "$dir"
for i in 1 2 3; do seq 1 $((i * 500)) > "src/docs/file$i.txt"; done
printf '#!/bin/sh\necho hi\n' > src/bin/tool
chmod 755 src/bin/tool
chmod 640 src/docs/file2.txt
ln -s docs/file1.txt src/link
find src -exec touch -h -d '2021-02-03 04:05:06 UTC' {} +
touch -d '2022-01-01 00:00:00 UTC' src/docs/file3.txt
tar --owner=0 --group=0 --numeric-owner --sort=name -czf src.tar.gz src
TZ=UTC tar -tvzf src.tar.gz
(cd out && tar -xzf ../src.tar.gz)
diff -r src out/src && echo "extracted tree: same"
ls -l --time-style=+%F out/src/bin/tool | cut -d' ' -f1,6-
gzip -n -c src/docs/file3.txt > file3.gz
sha256sum file3.gz | cut -d' ' -f1
gzip -l file3.gz | tail -n 1 | tr -s ' ' | cut -d' ' -f2,3,5
gunzip -c file3.gz | tail -n 1
find src -name '*.txt' | sort
find src -type l
find src -type f -newer src/docs/file1.txt
find src -type f -size +4k | sort
find src -perm -u+x -type f
find src -empty
find src -name '*.txt' -print0 | sort -z | xargs -0 wc -l
find src -name 'file2*' -exec sh -c 'echo "exec: $1 $(wc -c < "$1")"' _ {} \;
find out -name '*.txt' -delete
find out -type f | sort
cd /
rm -r "$dir"
echo done
