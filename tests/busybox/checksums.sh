# checksums: sha256sum, md5sum, sha1sum, sha512sum of generated data; -c checks.
set -e
d=/tmp/checksums
mkdir -p $d
cd $d
: > empty
echo hello > hello
i=0
while [ $i -lt 5000 ]; do echo "$i"; i=$((i + 1)); done > numbers
dd if=/dev/zero of=zeros bs=4096 count=64 2>/dev/null
sha256sum empty hello numbers zeros
md5sum empty hello numbers zeros
sha1sum hello numbers
sha512sum hello
cat numbers | sha256sum
sha256sum empty hello numbers zeros > sums
sha256sum -c sums
echo tampered >> hello
sha256sum -c sums 2>&1 || echo "status $?"
wc -c numbers zeros
rm -rf $d
echo done
