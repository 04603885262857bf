# stat_formats: stat -c of modes, types, sizes, names, link targets; du -s of
# files with known sizes.
set -e
d=/tmp/stat_formats
mkdir -p $d/dir
cd $d
printf '12345' > five
dd if=/dev/zero of=block bs=1024 count=100 2>/dev/null
chmod 4755 five
chmod 1777 dir
ln -s five link
mkfifo fifo
: > empty
for f in five block link fifo empty; do
	stat -c '%n %a %A %F %s' $f
done
stat -c '%n %a %A %F' dir
stat -L -c '%n %F %s' link
stat -c '%N' link
stat -c '%U %G %u %g' five
stat -c '%h' five dir
stat -c '%t %T' /dev/null
stat -c '%F %a' /dev/null /dev/zero
ls -l /dev/null /dev/zero | awk '{ print $1, $5, $6, $NF }'
stat /nonexistent 2>&1 || echo "status $?"
echo "== du"
mkdir sizes
dd if=/dev/zero of=sizes/a bs=1000 count=3 2>/dev/null
dd if=/dev/zero of=sizes/b bs=1 count=7 2>/dev/null
du -b sizes/a sizes/b
du -b sizes/a sizes/b | sort
rm -rf $d
echo done
