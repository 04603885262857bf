# coreutils_basic: Debian's coreutils (dynamically linked: libc, libacl,
# libattr, libselinux, libgmp) on files in /tmp: cp, mv, ls, sort, uniq, wc,
# sha256sum, md5sum, head, tail, cut, tr, stat, date with a fixed time,
# factor (libgmp), expr, test.
set -e
d=/tmp/coreutils_basic
mkdir -p "$d/sub"
cd "$d"
printf 'cherry\napple\nbanana\napple\n' > list.txt
cp list.txt sub/copy.txt
mv sub/copy.txt sub/moved.txt
ls -1 . sub
sort list.txt | uniq -c | tr -s ' '
wc -l < list.txt
sha256sum list.txt
md5sum sub/moved.txt
head -n 2 list.txt | tail -n 1
echo "a:b:c" | cut -d: -f2
echo hello | tr a-z A-Z
stat -c '%s %F %a' list.txt
chmod 640 list.txt && stat -c '%a' list.txt
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S'
factor 1234567890
expr 6 \* 7
test -s list.txt && echo "non-empty"
ln -s list.txt link.txt && readlink link.txt && cat link.txt | wc -c
cd / && rm -r "$d"
echo done
