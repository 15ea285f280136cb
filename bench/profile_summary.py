# Sums async-profiler's collapsed stacks (with `threads`) of two commands, side by side:
#   python3 bench/profile_summary.py CONVERT.collapsed... -- REFRESH.collapsed...
# Thread names lose their numbers (the entry workers bsee-zip-<archive>-<n> are one group), and each
# sample is a millisecond of CPU. Prints each group's milliseconds per run in both and the
# difference, then the frames the entry workers were in (their own time, not their callees').
import collections, re, sys

def group(thread):
    name = re.sub(r"^\[|\s*tid=\d+\]$", "", thread)
    name = re.sub(r"bsee-zip-.*", "entry workers", name)
    return re.sub(r"[-#]?\d+$", "", name)

def load(files):
    threads, frames = collections.Counter(), collections.Counter()
    for path in files:
        for line in open(path):
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            parts = stack.split(";")
            g = group(parts[0])
            threads[g] += int(count)
            if g == "entry workers":
                frames[parts[-1]] += int(count)
    runs = max(1, len(files))
    return ({k: v / runs for k, v in threads.items()}, {k: v / runs for k, v in frames.items()})

split = sys.argv.index("--")
(a_threads, a_frames), (b_threads, b_frames) = load(sys.argv[1:split]), load(sys.argv[split + 1:])
print(f"{'milliseconds of CPU per run':40} {'convert':>8} {'refresh':>8} {'diff':>7}")
for name in sorted(set(a_threads) | set(b_threads), key=lambda n: -max(a_threads.get(n, 0), b_threads.get(n, 0))):
    a, b = a_threads.get(name, 0), b_threads.get(name, 0)
    if max(a, b) >= 5:
        print(f"{name[:40]:40} {a:8.0f} {b:8.0f} {b - a:+7.0f}")
print(f"{'all':40} {sum(a_threads.values()):8.0f} {sum(b_threads.values()):8.0f} "
      f"{sum(b_threads.values()) - sum(a_threads.values()):+7.0f}")
print()
print(f"{'entry workers: own time in':70} {'convert':>8} {'refresh':>8}")
for name in sorted(set(a_frames) | set(b_frames), key=lambda n: -max(a_frames.get(n, 0), b_frames.get(n, 0)))[:20]:
    print(f"{name[:70]:70} {a_frames.get(name, 0):8.0f} {b_frames.get(name, 0):8.0f}")
