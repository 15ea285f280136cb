# Per-thread CPU of a command and its child processes, for profiling where the time goes (bench/README.md):
#   python3 bench/thread_cpu.py bin/bsee refresh --config FILE --progress none
# Samples /proc/PID/task/*/stat every 20 ms, keeps the last user+system time of each thread, and prints
# them summed by thread name (numbers dropped, the entry workers bsee-zip-<archive>-<n> as one). The
# command's output is discarded; its standard error goes to thread_cpu.err.
import os, subprocess, sys, time, re, collections
tick = os.sysconf('SC_CLK_TCK')
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open('thread_cpu.err','w'))
seen = {}
t0 = time.time()
def pids(root):
    out = [root]
    try:
        for t in os.listdir(f'/proc/{root}/task'):
            try:
                ch = open(f'/proc/{root}/task/{t}/children').read().split()
                for c in ch: out += pids(int(c))
            except OSError: pass
    except OSError: pass
    return out
while p.poll() is None:
    for pid in pids(p.pid):
        try:
            for t in os.listdir(f'/proc/{pid}/task'):
                try:
                    s = open(f'/proc/{pid}/task/{t}/stat').read()
                    name = s[s.index('(')+1:s.rindex(')')]
                    f = s[s.rindex(')')+2:].split()
                    seen[(pid, t)] = (name, (int(f[11]) + int(f[12])) / tick)
                except OSError: pass
        except OSError: pass
    time.sleep(0.02)
wall = time.time() - t0
groups = collections.defaultdict(float)
for (pid, t), (name, cpu) in seen.items():
    g = re.sub(r'[-#]?\d+$', '', name)
    g = re.sub(r'bsee-zip-.*', 'bsee-zip-worker', g)
    groups[g] += cpu
tot = sum(groups.values())
print(f"rc={p.returncode} wall={wall:.2f}s sampled_cpu={tot:.2f}s")
for g, c in sorted(groups.items(), key=lambda x: -x[1]):
    if c >= 0.02: print(f"  {g:20s} {c:6.2f}")
