#!/bin/sh
# debootstrap's second stage in the guest, on a tree the host's first stage
# made (tests/harness/test_debootstrap.py), then what the result holds.
# Everything printed must be the same on Linux and LevitateOS.

# dpkg unpacks and configures every package, their maintainer scripts
# included; debootstrap mounts proc and sysfs in the tree and unmounts them.
/debootstrap/debootstrap --second-stage 2>&1
echo "second stage: exit $?"
test -e /debootstrap && echo "/debootstrap is still there"

# dpkg's database: every package installed, nothing half-configured, and
# every installed file's contents as its package's md5sums list them.
dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | sort
echo "installed: $(dpkg-query -W -f='${db:Status-Abbrev}\n' | grep -c '^ii')"
dpkg --audit
echo "audit: $?"
dpkg --verify
echo "verify: $?"

# apt reads its configuration; the shells and perl run.
apt-config dump | grep -E '^(APT::Architecture|Dir|Dir::State|Dir::Cache|Dir::Etc) '
echo "apt-config: $?"
apt-get --version | head -n 1
bash -c 'declare -A h=([a]=1 [b]=2); x=(p q r); echo "bash: ${#x[@]} ${h[b]} $((6 * 7))"'
perl -e 'my %h = (one => 1, two => 2); print "perl: ", join(",", sort keys %h), "\n"'
getent passwd root
ls /var/lib/dpkg/info | grep -c '\.list$'
echo done
