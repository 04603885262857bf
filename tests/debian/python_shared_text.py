# python_shared_text: 8 python3 processes running at once share the text
# pages of the interpreter and of libc: /proc/PID/smaps (Linux
# fs/proc/task_mmu.c show_smap) shows each process's text mapping as mostly
# shared with a proportional share (Pss) well under its resident size (Rss),
# its heap private; and /proc/meminfo shows the 8 using less memory than the
# sum of their resident sizes. Only these properties are printed: the sizes
# themselves differ between kernels by design.
import os
import subprocess

N = 8


def meminfo_kb(field):
    with open("/proc/meminfo") as f:
        for line in f:
            name, value = line.split(":")
            if name == field:
                return int(value.split()[0])
    raise KeyError(field)


def smaps(pid):
    """{(path, perms): {field: kB summed over that path's mappings}}"""
    out, key = {}, None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5:  # a maps line
                path = parts[5] if len(parts) > 5 else ""
                key = (os.path.basename(path), parts[1])
                out.setdefault(key, {})
            elif line.endswith(" kB\n"):
                field = out[key]
                field[parts[0].rstrip(":")] = field.get(parts[0].rstrip(":"), 0) + int(parts[1])
    return out


def shared(m):
    return m["Shared_Clean"] + m["Shared_Dirty"]


free_before = meminfo_kb("MemFree")
children = []
for i in range(N):
    p = subprocess.Popen(["/usr/bin/python3", "-S", "-c", "import sys; print('ready', flush=True); sys.stdin.read()"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline() == "ready\n"
    children.append(p)
free_after = meminfo_kb("MemFree")

maps = [smaps(p.pid) for p in children]
interp = os.path.basename(os.path.realpath("/usr/bin/python3"))
rss_sum = pss_sum = 0
for name in (interp, "libc.so.6"):
    texts = [m.get((name, "r-xp")) for m in maps]
    print("%s text mapped in all %d: %s" % (name, N, all(texts)))
    if not all(texts):
        continue
    print("%s text resident in each: %s" % (name, all(t["Rss"] > 0 for t in texts)))
    print("%s text mostly shared in each (Shared >= Rss/2): %s" % (name, all(2 * shared(t) >= t["Rss"] for t in texts)))
    print("%s text Pss under half its Rss in each: %s" % (name, all(2 * t["Pss"] < t["Rss"] for t in texts)))
    print("%s text has no anonymous pages: %s" % (name, all(t["Anonymous"] == 0 for t in texts)))
heaps = [m.get(("[heap]", "rw-p")) for m in maps]
print("heap private in each: %s" % all(h and shared(h) == 0 and h["Private_Clean"] + h["Private_Dirty"] == h["Rss"]
                                      and h["Anonymous"] == h["Rss"] for h in heaps))
for m in maps:
    for fields in m.values():
        rss_sum += fields["Rss"]
        pss_sum += fields["Pss"]
        assert fields["Rss"] == fields["Shared_Clean"] + fields["Shared_Dirty"] + fields["Private_Clean"] + \
            fields["Private_Dirty"]
print("Rss is Shared + Private everywhere: True")
print("sum of Pss under the sum of Rss: %s" % (pss_sum < rss_sum))
used = free_before - free_after
print("meminfo: the %d use less than the sum of their Rss: %s" % (N, 0 < used < rss_sum))
for p in children:
    p.stdin.close()
    p.wait()
print("done")
