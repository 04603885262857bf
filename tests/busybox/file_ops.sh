# file_ops: mkdir -p, touch, echo > and >>, cat, cp, cp -a (modes), mv, rm -rf,
# ln -s, ln, readlink, ls -la (link count, owner, size, name; no times).
set -e
d=/tmp/file_ops
mkdir -p $d/a/b/c
cd $d
echo one > f1
echo two >> f1
cat f1
touch empty
chmod 640 f1
chmod 700 a/b
cp f1 f2
cp -a a a2
cp -a f1 f3
mv f2 a/moved
ln -s f1 sym
ln f1 hard
ln -s missing dangling
readlink sym
cp -a sym sym-copy
readlink sym-copy
cp sym followed
cat followed
rm sym-copy followed
readlink dangling
cat sym
cat hard
# ls -la: mode, link count, owner, group, size (not of directories: the file
# system's own), name; the "total" blocks line and the times are cut
ls -la | awk 'NR > 1 { print $1, $2, $3, $4, ($1 ~ /^d/ ? "-" : $5), $NF }'
ls -la a2/b | awk 'NR > 1 { print $1, $2, $NF }'
ls -l sym | sed 's/.* sym/sym/'
echo changed > hard
cat f1
rm -rf a
ls -1
[ -e a ] || echo "a gone"
rm sym
[ -L sym ] || echo "sym gone"
[ -L dangling ] && [ ! -e dangling ] && echo "dangling is a dangling link"
mv f3 a2/b/c/
find a2 | sort
rm -rf $d
[ -e $d ] || echo "tree gone"
echo done
