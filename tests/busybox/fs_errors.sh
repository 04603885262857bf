# fs_errors: what the applets say when the file system refuses.
d=/tmp/fs_errors
mkdir -p $d/full/sub
cd $d
echo x > file
mkdir full 2>&1; echo "mkdir existing: $?"
mkdir missing/dir 2>&1; echo "mkdir in missing: $?"
rmdir full 2>&1; echo "rmdir non-empty: $?"
rm full 2>&1; echo "rm dir: $?"
rm nothing 2>&1; echo "rm missing: $?"
rm -f nothing; echo "rm -f missing: $?"
cat full 2>&1; echo "cat dir: $?"
cat nothing 2>&1; echo "cat missing: $?"
ln -s file file 2>&1; echo "ln -s onto existing: $?"
ln full hardlink-to-dir 2>&1; echo "ln dir: $?"
mv full full/sub/inside 2>&1; echo "mv into itself: $?"
cd file 2>&1; echo "cd file: $?"
echo y > full 2>&1; echo "write to dir: $?"
ls file/x 2>&1; echo "ls through a file: $?"
touch file/x 2>&1; echo "touch through a file: $?"
ln -s loop2 loop1; ln -s loop1 loop2
cat loop1 2>&1; echo "symlink loop: $?"
readlink -f full/sub/../sub
cd /
rm -rf $d
echo done
