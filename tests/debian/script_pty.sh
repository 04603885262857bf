# script_pty: util-linux's script (bsdutils) runs commands on a
# pseudo-terminal (posix_openpt, grantpt, unlockpt, ptsname; the command's
# session has the pty slave as controlling terminal) and copies what they
# print to its stdout and a typescript file; the commands see a terminal
# where the test itself has none. devpts is mounted first (python3's ctypes
# calls mount(2): the tree has no mount(8)).
set -u
cd /tmp
mkdir -p /dev/pts
[ -e /dev/pts/ptmx ] || python3 -c 'import ctypes, sys; sys.exit(ctypes.CDLL(None).mount(b"devpts", b"/dev/pts", b"devpts", 0, None))'
echo "devpts mounted: $?"
script -q -e -c 'tty; test -t 0 && echo "stdin is a terminal"; stty size; echo "exit 3 next"; exit 3' typescript.txt < /dev/null | tr -d '\r'
echo "script exit status: ${PIPESTATUS[0]}"
typescript=$(< typescript.txt)
[[ $typescript == *"exit 3 next"* ]] && echo "the typescript holds the output"
rm typescript.txt
test -t 0 || echo "the test's stdin is not a terminal"
echo done
