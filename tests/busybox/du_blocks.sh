# du_blocks: blocks a file uses (du -k, stat %b): written, sparse, truncated.
set -e
d=/tmp/du_blocks
mkdir -p $d
cd $d
dd if=/dev/zero of=written bs=1024 count=100 2>/dev/null
printf x > tiny
truncate -s 1M sparse
dd if=/dev/zero of=hole bs=4096 seek=10 count=1 2>/dev/null
: > empty
for f in written tiny sparse hole empty; do
	stat -c '%n size %s blocks %b of %B' $f
done
du -k written tiny sparse hole empty
truncate -s 4096 written
stat -c '%n size %s blocks %b' written
du -k written
cd /
rm -rf $d
echo done
