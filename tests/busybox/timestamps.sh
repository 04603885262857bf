# timestamps: touch -t / -d set times that stat, ls, cp -a and tar keep.
set -e
d=/tmp/timestamps
mkdir -p $d/out
cd $d
echo a > f
touch -t 200001020304.05 f
stat -c '%Y %y' f
touch -d '2011-12-13 14:15:16' g
stat -c '%Y' g
ls -l --full-time f | awk '{ print $6, $7, $8, $NF }'
cp -a f f-a
stat -c '%Y' f-a
cp f f-plain
[ "$(stat -c %Y f-plain)" != 946782245 ] && echo "cp without -a: new mtime"
mkdir sub
touch -t 199912312359.59 sub
cp -a sub sub-a
stat -c '%Y' sub-a
tar cf t.tar f g
tar xf t.tar -C out
stat -c '%n %Y' out/f out/g
find . -maxdepth 1 -newer g -name 'f*' | sort
cd /
rm -rf $d
echo done
