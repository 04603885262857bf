# git_session: Debian's git in a repository on tmpfs: init, add, commit
# (fixed author, committer and dates, so the hashes are stable), status,
# diff, log, branch, checkout, a merge commit, show, tag, rev-list.
set -eu
export HOME=/tmp/git_home GIT_PAGER=cat
export GIT_AUTHOR_NAME="Ada Tester" GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME="Ada Tester" GIT_COMMITTER_EMAIL=ada@example.org
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
mkdir -p "$HOME"
git config --global color.ui never
git config --global init.defaultBranch main
cd /tmp
git init -q repo
cd repo
printf 'one\ntwo\n' > a.txt
git status --short
git add a.txt
git commit -q -m "first: a.txt"
printf 'one\ntwo\nthree\n' > a.txt
git status --short
git diff
git commit -q -am "second: three"
git log --format='%h %an %s'
git branch feature
git checkout -q feature
echo 'on the branch' > b.txt
git add b.txt
export GIT_AUTHOR_DATE="2024-01-02T00:00:00Z" GIT_COMMITTER_DATE="2024-01-02T00:00:00Z"
git commit -q -m "third: b.txt"
git checkout -q main
printf 'zero\n' > c.txt
git add c.txt
git commit -q -m "fourth: c.txt"
git merge -q --no-edit feature
git log --graph --format='%h %s'
git show --stat --format='%s' HEAD~1 | tr -s '\n'
git tag v1
git describe --tags
echo "commits: $(git rev-list --count HEAD)"
git ls-files
git status
cd / && rm -rf /tmp/repo "$HOME"
echo done
