# find_tree: find with -name, -type, -maxdepth, -mindepth, -path; sorted.
set -e
d=/tmp/find_tree
mkdir -p $d/src/lib $d/src/bin $d/doc/man1 $d/empty
cd $d
for f in src/lib/a.c src/lib/b.c src/lib/b.h src/bin/main.c doc/README doc/man1/x.1; do
	echo "$f" > $f
done
ln -s ../README doc/man1/readme-link
echo "== all"; find . | sort
echo "== -name '*.c'"; find . -name '*.c' | sort
echo "== -type d"; find . -type d | sort
echo "== -type f"; find . -type f | sort
echo "== -type l"; find . -type l
echo "== -maxdepth 1"; find . -maxdepth 1 | sort
echo "== -mindepth 2 -maxdepth 2"; find . -mindepth 2 -maxdepth 2 | sort
echo "== -path"; find . -path './src/*' -name 'b*' | sort
echo "== -empty"; find . -empty | sort
echo "== -exec"; find src -name '*.c' -exec cat {} \; | sort
echo "== -L -type f"; find -L doc -type f | sort
echo "== missing"; find ./nonexistent 2>&1 || echo "status $?"
echo done
