#!/usr/bin/env python3
"""Run sysabi's benchmarks and print the tables of docs/performance.md.

    scripts/benchmarks.py [--build DIR] [--quick] [--update-docs]

Runs, from one build:
  * build/bench/{syscall,memory,pipe}_bench (Google Benchmark, glibc host);
  * every x86_64 variant's libexec/sysabi/<variant>/sysabi-bench (the same
    loops built against musl and with no libc, one method for all);
  * bench setjmp_bench when it exists;
  * build/bench/exec_latency over every x86_64 variant's probe runner
    (`sysabi-probe --list`) and the exit-only floor, and the binaries' sizes
    stripped and not;
  * the suite's wall time: `sysabi run` over the host variants and over all,
    and the lit suite with -j1 and -j2.
Every figure is measured in this run; ratios are to a reference measured in
the same run.  Prints Markdown; --update-docs replaces the part of
docs/performance.md between the "results" markers with it.  Nothing is
asserted: this is not a test.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def gbench(path, min_time, repetitions):
    """Google Benchmark JSON -> {name: (ns per iteration, label)}: the median of
    `repetitions` runs of each benchmark, the benchmarks' runs interleaved in a
    random order (so that drift in the machine's speed touches them alike)."""
    if not os.access(path, os.X_OK):
        return {}
    out = json.loads(run([path, "--benchmark_format=json", "--benchmark_min_time=%s" % min_time,
                          "--benchmark_repetitions=%d" % repetitions, "--benchmark_enable_random_interleaving=true",
                          "--benchmark_report_aggregates_only=true"]))
    return {b["run_name"]: (b["real_time"] if "real_time" in b["run_name"] else b["cpu_time"], b.get("label", ""))
            for b in out["benchmarks"] if b.get("aggregate_name") == "median"}


def variant_loops(libexec, variants, scale, processes):
    """sysabi-bench of each variant, run `processes` times -> ({variant: {bench: ns}},
    {variant: {bench: (paired ratio, ref)}}), each the median over the processes.

    Several processes, because a system call's cost on this machine moves by up
    to a fifth with where a process's pages and code land (the same loop, run
    again, differs); a median over fresh processes is what the path costs."""
    figures, paired = {}, {}
    for v in variants:
        exe = os.path.join(libexec, v, "sysabi-bench")
        if not os.access(exe, os.X_OK):
            continue
        ns, ratios, refs = {}, {}, {}
        for _ in range(processes):
            for line in run([exe, str(scale)]).splitlines():
                j = json.loads(line)
                ns.setdefault(j["bench"], []).append(j["ps"] / 1000.0)
                ratios.setdefault(j["bench"], []).append(j["ratio_ppm"] / 1e6)
                refs[j["bench"]] = j["ref"]
        figures[v] = {b: statistics.median(x) for b, x in ns.items()}
        paired[v] = {b: (statistics.median(x), refs[b]) for b, x in ratios.items()}
    return figures, paired


def ratio(x, ref):
    return "%.2fx" % (x / ref) if ref else "-"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def timed(cmd, env=None):
    """Wall seconds of cmd, as text; a run that failed says so (the figure is still its time)."""
    start = time.monotonic()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    took = time.monotonic() - start
    if done.returncode != 0:  # say what failed, on stderr: the figure alone would hide it
        print("benchmarks.py: %s exited %d:\n%s" % (" ".join(cmd), done.returncode, done.stdout[-4000:]),
              file=sys.stderr)
    return "%.2f" % took if done.returncode == 0 else "%.2f (exited %d)" % (took, done.returncode)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--quick", action="store_true", help="short runs (for trying the script)")
    ap.add_argument("--update-docs", action="store_true")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    bench = os.path.join(build, "bench")
    libexec = os.path.join(build, "libexec", "sysabi")
    if not os.access(os.path.join(build, "bin", "sysabi"), os.X_OK):
        print("benchmarks.py: no %s/bin/sysabi (build first)" % build, file=sys.stderr)
        return 2
    with open(os.path.join(libexec, "variants.json")) as f:
        manifest = json.load(f)
    host = [v["name"] for v in manifest["variants"] if v["arch"] == platform.machine() and v.get("built")]
    min_time = 0.05 if args.quick else 0.2
    reps = 3 if args.quick else 7

    out = []
    kernel = platform.release()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    compiler = run(["c++", "--version"]).splitlines()[0]
    out.append("Measured by `scripts/benchmarks.py --update-docs` on %s: kernel %s, %s, %d CPUs, %s.\n"
               % (time.strftime("%Y-%m-%d"), kernel, cpu, os.cpu_count(), compiler))
    vulns = "/sys/devices/system/cpu/vulnerabilities"
    mitigations = []
    for name in ("spectre_v2", "spec_rstack_overflow", "retbleed"):
        try:
            with open(os.path.join(vulns, name)) as f:
                mitigations.append("%s: %s" % (name, f.read().strip()))
        except OSError:
            pass
    if mitigations:
        out.append("The kernel's return-prediction mitigations (%s): %s.\n" % (vulns, "; ".join(mitigations)))

    # --- getppid and clock_gettime ---------------------------------------------------
    gb = gbench(os.path.join(bench, "syscall_bench"), min_time, reps)
    processes = 3 if args.quick else 9
    loops, paired = variant_loops(libexec, host, 1, processes)
    rows = []
    ref = gb.get("getppid_bare_instruction", (0,))[0]
    for name, what in [("getppid_bare_instruction", "bare `syscall` (reference)"),
                       ("getppid_sysabi_raw", "sysabi `raw::getppid`"),
                       ("getppid_glibc_wrapper", "glibc `getppid()`"),
                       ("getppid_glibc_syscall", "glibc `syscall(SYS_getppid)`")]:
        if name in gb:
            rows.append(["glibc host, Google Benchmark", what, "%.1f" % gb[name][0], ratio(gb[name][0], ref)])
    for v, f in loops.items():
        for key, what in [("getppid.bare", "bare `syscall` (reference)"), ("getppid.sysabi_raw", "sysabi `raw::getppid`"),
                          ("getppid.call_ret", "bare `syscall` in a function, `ret`"),
                          ("getppid.call_pop_jmp", "bare `syscall` in a function, `pop; jmp *`"),
                          ("getppid.libc_wrapper", "libc `getppid()`"), ("getppid.libc_syscall", "libc `syscall(SYS_getppid)`")]:
            if key in f:
                rows.append([v + ", sysabi-bench", what, "%.1f" % f[key], "%.3fx" % paired[v][key][0]])
    out.append("### getppid: one system call through each path\n")
    out.append("sysabi-bench figures are medians over %d runs of the binary; its `vs bare` is, per run, the median "
               "of 31 per-round ratios (each path's batch over the bare instruction's batch of the same round), "
               "then the median over the runs.\n" % processes)
    out.append(table(["binary", "path", "ns/call", "vs bare"], rows) + "\n")

    rows = []
    ref = gb.get("clock_gettime_glibc_vdso", (0,))[0]
    for name, what in [("clock_gettime_glibc_vdso", "glibc (vDSO, reference)"),
                       ("clock_gettime_sysabi_vdso", "sysabi's own vDSO lookup"),
                       ("clock_gettime_raw_syscall", "raw syscall (kernel)")]:
        if name in gb:
            rows.append(["glibc host, Google Benchmark", what, "%.1f" % gb[name][0], ratio(gb[name][0], ref)])
    for v, f in loops.items():
        r = loops.get("x86_64-glibc-dynamic", {}).get("clock_gettime.libc", 0)
        for key, what in [("clock_gettime.libc", "libc"), ("clock_gettime.sysabi_vdso", "sysabi's own vDSO lookup"),
                          ("clock_gettime.raw_syscall", "raw syscall (kernel)")]:
            if key in f:
                rows.append([v + ", sysabi-bench", what, "%.1f" % f[key], ratio(f[key], r)])
    out.append("### clock_gettime(CLOCK_MONOTONIC)\n")
    out.append("sysabi-bench rows are relative to x86_64-glibc-dynamic's libc figure.\n")
    out.append(table(["binary", "path", "ns/call", "vs glibc"], rows) + "\n")

    # --- setjmp ---------------------------------------------------------------------
    sj = gbench(os.path.join(bench, "setjmp_bench"), min_time, reps)
    rows = []
    ref = sj.get("ours_setjmp_longjmp", (0,))[0]
    for n, (t, _) in sj.items():
        rows.append(["glibc host, Google Benchmark", n, "%.1f" % t, ratio(t, ref)])
    for v, f in loops.items():
        for key in ("setjmp.ours", "setjmp.libc__setjmp", "setjmp.ours_sigsetjmp_1", "setjmp.libc_sigsetjmp_1"):
            if key in f:
                rows.append([v + ", sysabi-bench", key, "%.1f" % f[key], "%.3fx" % paired[v][key][0]])
    if rows:
        out.append("### setjmp + longjmp round trip\n")
        out.append("Ratios to sysabi's own pair in the same binary: Google Benchmark's to `ours_setjmp_longjmp`; "
                   "sysabi-bench's paired per round, the plain pairs to `setjmp.ours` and the mask-saving ones "
                   "to `setjmp.ours_sigsetjmp_1`.\n")
        out.append(table(["binary", "implementation", "ns/round trip", "vs ours"], rows) + "\n")

    # --- memory and pipes ---------------------------------------------------------------
    mb = gbench(os.path.join(bench, "memory_bench"), min_time, reps)
    if mb:
        out.append("### mmap + first touch + munmap\n")
        rows = [[n.split("/")[0], n.split("/")[1], "%.0f" % t, "%.0f" % (t / int(n.split("/")[1]))]
                for n, (t, _) in mb.items()]
        out.append(table(["benchmark", "pages", "ns/cycle", "ns/page"], rows) + "\n")
    pb = gbench(os.path.join(bench, "pipe_bench"), min_time, reps)
    if pb:
        out.append("### Pipes between two processes\n")
        rows = []
        for n, (t, label) in pb.items():
            extra = "%.2f GiB/s" % (65536 / t * 1e9 / 2**30) if "throughput" in n else "%.1f us/round trip" % (t / 1000)
            rows.append([n.split("/")[0], "%.0f" % t, extra, label])
        out.append(table(["benchmark", "ns/iteration", "", "pinning"], rows) + "\n")

    # --- exec -> exit, sizes --------------------------------------------------------------
    floor = os.path.join(bench, "exit_only")
    specs = ([floor] if os.access(floor, os.X_OK) else []) + \
        [os.path.join(libexec, v, "sysabi-probe") + ":--list" for v in host]
    lat = [json.loads(l) for l in run([os.path.join(bench, "exec_latency"), "--runs",
                                       "50" if args.quick else "400"] + specs).splitlines()]
    ref = lat[0]["median_us"] if specs and specs[0] == floor else 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for l in lat:
            path = l["binary"]
            name = "exit_only (floor)" if path == floor else os.path.basename(os.path.dirname(path))
            stripped = os.path.join(tmp, "s")
            subprocess.run(["strip", "-o", stripped, path], check=True)
            rows.append([name, "%.1f" % l["median_us"], ratio(l["median_us"], ref),
                         os.path.getsize(path), os.path.getsize(stripped)])
    out.append("### fork + execve -> exit, and binary size, per link variant\n")
    out.append("`sysabi-probe --list` (start-up, one line per probe, exit); median of %s runs.\n"
               % lat[0]["runs"])
    out.append(table(["binary", "us", "vs floor", "bytes", "bytes stripped"], rows) + "\n")
    rows_exec = rows

    # --- suite wall time --------------------------------------------------------------------
    sysabi = os.path.join(build, "bin", "sysabi")
    rows = [["`sysabi run` host variants (%d), -j%d" % (len(host), os.cpu_count()),
             timed([sysabi, "run", "--variant", ",".join(host)])],
            ["`sysabi run` all variants", timed([sysabi, "run"])]]
    lit = shutil.which("lit") or "/usr/lib/llvm-14/build/utils/lit/lit.py"
    if os.path.exists(lit) and not args.quick:
        for j in (1, 2):
            rows.append(["lit suite, -j%d" % j, timed([sys.executable, lit, "-q", "-j%d" % j,
                                                        os.path.join(build, "tests", "lit")])])
    out.append("### Suite wall time\n")
    out.append(table(["what", "seconds"], rows) + "\n")

    # --- the goals (issue #10), judged from the figures above ---------------------------
    goals = []
    def goal(what, measured, met):
        goals.append([what, measured, "yes" if met else "**no**"])
    def pr(v, key):  # the paired ratio of `key` to its group's first path, in variant v
        return paired[v][key][0]
    raw_ratios = [pr(v, "getppid.sysabi_raw") for v, f in loops.items()
                  if "getppid.bare" in f and "getppid.sysabi_raw" in f]
    if raw_ratios:
        goal("sysabi raw call <= 1.01x the bare instruction (every sysabi-bench binary, paired ratio)",
             "%.3fx .. %.3fx" % (min(raw_ratios), max(raw_ratios)), max(raw_ratios) <= 1.01)
    musl = [(v, f) for v, f in loops.items() if "-musl-" in v and "getppid.libc_wrapper" in f]
    if musl:
        goal("raw call never slower than musl's wrapper (paired, both to the bare instruction)",
             ", ".join("%s %.3fx vs %.3fx" % (v.split("-", 1)[1], pr(v, "getppid.sysabi_raw"),
                                               pr(v, "getppid.libc_wrapper")) for v, f in musl),
             all(pr(v, "getppid.sysabi_raw") <= pr(v, "getppid.libc_wrapper") for v, _ in musl))
    nolibc = loops.get("x86_64-nolibc-static", {})
    glibc_vdso = loops.get("x86_64-glibc-dynamic", {}).get("clock_gettime.libc")
    if nolibc.get("clock_gettime.sysabi_vdso") and glibc_vdso:
        r = nolibc["clock_gettime.sysabi_vdso"] / glibc_vdso
        goal("nolibc clock_gettime through its own vDSO lookup <= 1.05x glibc's", "%.2fx" % r, r <= 1.05)
    for row in rows_exec:
        if row[0] == "x86_64-nolibc-static" and ref:
            r = float(row[1]) / ref
            goal("nolibc probe exec -> exit <= 1.1x the floor", "%.2fx" % r, r <= 1.1)
            goal("nolibc bundle < 64 KiB stripped", "%d bytes" % row[4], row[4] < 65536)
    for v, f in musl:
        if "setjmp.ours" in f and "setjmp.libc__setjmp" in f:
            goal("our setjmp/longjmp <= musl's (%s; musl's paired ratio to ours >= 1)" % v.split("-", 1)[1],
                 "%.1f vs %.1f ns, %.3fx" % (f["setjmp.ours"], f["setjmp.libc__setjmp"], pr(v, "setjmp.libc__setjmp")),
                 pr(v, "setjmp.libc__setjmp") >= 1)
        if "setjmp.ours_sigsetjmp_1" in f and "setjmp.libc_sigsetjmp_1" in f:
            goal("our mask-saving pair no slower than musl's sigsetjmp(,1) (%s, paired)" % v.split("-", 1)[1],
                 "%.1f vs %.1f ns, %.3fx" % (f["setjmp.ours_sigsetjmp_1"], f["setjmp.libc_sigsetjmp_1"],
                                             pr(v, "setjmp.libc_sigsetjmp_1")),
                 pr(v, "setjmp.libc_sigsetjmp_1") >= 1)
    host_run = float(rows[0][1].split()[0])
    goal("`sysabi run`, all host variants, <= 5 s wall on %d cores" % os.cpu_count(), rows[0][1] + " s",
         host_run <= 5 and "exited" not in rows[0][1])
    if pb:
        goal("two-process benchmarks pinned to one CPU", ", ".join(sorted(set(l for _, l in pb.values()))),
             all(l == "both processes on one CPU" for _, l in pb.values()))
    out.append("### Goals\n")
    out.append("Judged by the script from the figures above, in this run.\n")
    out.append(table(["goal", "measured", "met"], goals) + "\n")

    text = "\n".join(out)
    print(text)
    if args.update_docs:
        doc = os.path.join(ROOT, "docs", "performance.md")
        with open(doc) as f:
            body = f.read()
        begin, end = "<!-- results: begin -->", "<!-- results: end -->"
        if begin not in body or end not in body:
            print("benchmarks.py: %s has no results markers" % doc, file=sys.stderr)
            return 2
        body = re.sub(re.escape(begin) + ".*" + re.escape(end), lambda m: begin + "\n" + text + "\n" + end,
                      body, flags=re.S)
        with open(doc + ".tmp", "w") as f:
            f.write(body)
        os.replace(doc + ".tmp", doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
