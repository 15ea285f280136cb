# Sums a HotSpot compilation log (-XX:+LogCompilation, bench/recompiles.sh):
#   python3 bench/recompiles.py COMPILATION.log
# Prints the compilations per tier, the C2 queue (when each of the project's methods was queued for
# C2, when C2 began it, when its code was ready), the methods compiled more than once at one tier,
# and each trap that threw compiled code out (the trap's method and byte code index, its reason).
import collections, html, re, sys

PROJECT = re.compile(r"^dev[./]bsee[./]")
log = open(sys.argv[1], errors="replace").read()

def attr(text, key):
    match = re.search(r"\b" + key + r"='([^']*)'", text)
    return html.unescape(match.group(1)) if match else ""

def short(method):
    """`Class.method` of a log's method (`pkg/Class method (Args)Ret`)."""
    parts = method.split(" ")
    return parts[0].replace("/", ".").rsplit(".", 1)[-1] + "." + parts[1] if len(parts) > 1 else method

queued = {attr(m.group(0), "compile_id"): float(attr(m.group(0), "stamp"))
          for m in re.finditer(r"<task_queued [^>]*>", log)}
tasks = []
for match in re.finditer(r"<task (compile_id=[^>]*)>.*?<task_done([^>]*)/>", log, re.S):
    start, done = match.group(1), match.group(2)
    # C2's tasks carry no level in the log; C1's say 1 to 3.
    tasks.append({"id": attr(start, "compile_id"), "method": attr(start, "method"),
                  "tier": attr(start, "level") or "4", "osr": "osr_bci" in start,
                  "start": float(attr(start, "stamp")), "done": float(attr(done, "stamp"))})
per_tier = collections.Counter(t["tier"] for t in tasks)
print("compilations per tier: " + ", ".join(f"tier {k}: {v}" for k, v in sorted(per_tier.items())))
busy = sum(t["done"] - t["start"] for t in tasks if t["tier"] == "4")
print(f"C2 busy {busy:.2f} s of the run's {max(t['done'] for t in tasks):.2f} s (wall time of its tasks)")
print()
print("the project's methods through C2, in order (seconds since the JVM started):")
print(f"  {'queued':>6} {'began':>6} {'ready':>6}  method")
for t in sorted((t for t in tasks if t["tier"] == "4" and PROJECT.search(t["method"])), key=lambda t: t["start"]):
    print(f"  {queued.get(t['id'], t['start']):6.3f} {t['start']:6.3f} {t['done']:6.3f}  "
          f"{short(t['method'])}{' (OSR)' if t['osr'] else ''}")
print()
repeats = collections.Counter((t["method"], t["tier"], t["osr"]) for t in tasks)
again = [(k, n) for k, n in repeats.most_common() if n > 1 and PROJECT.search(k[0])]
print("the project's methods compiled more than once at one tier: " + ("none" if not again else ""))
for (method, tier, osr), count in again:
    print(f"  {count:3} x tier {tier}{' OSR' if osr else ''}  {short(method)}")
print()
traps = collections.Counter()
for match in re.finditer(r"<uncommon_trap thread=([^>]*)>\s*<jvms ([^>]*)/>", log):
    traps[(short(attr(match.group(2), "method")) + ":" + attr(match.group(2), "bci"), attr(match.group(1), "reason"),
           attr(match.group(1), "action"))] += 1
print(f"traps taken in compiled code: {sum(traps.values())}")
for (where, reason, action), count in traps.most_common():
    print(f"  {count:3} x {where:60} {reason} ({action})")
