#!/usr/bin/env python3
"""Markdown tables from run directories of the shared run-peers and of bench/peers/run.

usage: report.py [--two-core DIR] [--quick | --variants] DIR [DIR...]

Every DIR holds a results.jsonl in run-peers' format (one JSON line per round: figure, server,
round, result = the generator's JSON line; idle lines with RSS). The DIRs given plainly are the
one-core figures (the shared run for HTTP/1.1, bench/peers/run for HTTP/2); a figure measured in
two of them is taken from the first. --two-core DIR adds the same figures with the server on two
cores and the scaling from one core to two. --quick prints only certgate against nginx, one line
per figure (bench/quick). --variants prints certgate's variants (bench/peers/run VARIANTS=...)
against the first of them, every round's figure beside the median.

Every number printed is a median of the rounds found; nothing is filled in: a figure or a server
that was not measured is "-".
"""
import json
import os
import re
import statistics
import sys

FIGS = ["full", "full-distinct", "resumed", "static", "proxied", "h2-static", "h2-proxied"]
FIG_NAME = {
    "full": "full mTLS handshakes",
    "full-distinct": "full handshakes, a never-seen client certificate each",
    "resumed": "resumed handshakes",
    "static": "keep-alive static, 64 connections",
    "proxied": "keep-alive proxied, 64 connections",
    "h2-static": "HTTP/2 static",
    "h2-proxied": "HTTP/2 proxied",
}
PEERS = ["nginx", "haproxy", "apache", "caddy"]
NAME = {"certgate": "certgate", "nginx": "nginx 1.22", "haproxy": "HAProxy 2.6", "apache": "Apache 2.4",
        "caddy": "Caddy 2.6 (no CRL)"}
FLOOR_CPU = 0.90  # the generator at or above this share of its cores: that server's req/s is a floor
TARGET = 1.2      # issue 15: certgate >= 1.2x the best peer on every throughput figure


def load(d):
    p = os.path.join(d, "results.jsonl")
    return [json.loads(l) for l in open(p) if l.strip()] if os.path.exists(p) else []


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def collect(dirs):
    """{figure: {server: stats}}, {(server, state): idle line}; a figure from the first dir that has it."""
    figs, idle = {}, {}
    for d in dirs:
        rows = load(d)
        here = {}
        for r in rows:
            if r.get("figure") == "idle":
                idle.setdefault((r["server"], r["state"]), r)
            elif r.get("result"):
                here.setdefault(r["figure"], {}).setdefault(r["server"], []).append(r["result"])
        for fig, by in here.items():
            if fig in figs:
                continue
            figs[fig] = {s: stats(rs) for s, rs in by.items()}
    return figs, idle


def stats(rs):
    cores = max([x.get("gomaxprocs", 1) or 1 for x in rs])
    gen = med([x.get("client_cpu") for x in rs])
    return {
        "rounds": len(rs),
        "rps": med([x.get("rps") for x in rs]),
        "cpus": med([x.get("req_per_server_cpu_s") for x in rs]),
        "cpus_min": min([x.get("req_per_server_cpu_s") or 0 for x in rs]),
        "cpus_max": max([x.get("req_per_server_cpu_s") or 0 for x in rs]),
        "p50": med([x.get("p50_us") for x in rs]),
        "p99": med([x.get("p99_us") for x in rs]),
        "p999": med([x.get("p999_us") for x in rs]),
        "gen": gen,
        "floor": gen is not None and gen >= FLOOR_CPU * cores,
        "srv": med([x.get("server_cpu") for x in rs]),
        "others": med([None if x.get("server_core_busy") is None else max(0.0, x["server_core_busy"] - (x.get("server_cpu") or 0)) for x in rs]),
        "errors": sum(x.get("errors", 0) for x in rs),
        "requests": sum(x.get("requests", 0) for x in rs),
        "reconnects": sum(x.get("reconnects", 0) for x in rs),
    }


def f0(x):
    return "-" if x is None else f"{x:,.0f}"


def ratio(a, b):
    return None if not a or not b else a / b


def fr(x):
    return "-" if x is None else f"{x:.2f}×"


def best_peer(by, key, lowest=False):
    cands = [(by[s][key], s) for s in PEERS if s in by and by[s][key]]
    if not cands:
        return None, None
    v, s = (min if lowest else max)(cands)
    return s, v


def crypto_limit(dirs):
    for d in dirs:
        p = os.path.join(d, "speed.txt")
        if not os.path.exists(p):
            continue
        t = open(p).read()
        m = re.search(r"nistp256\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", t)
        x = re.search(r"\(X25519\)\s+\S+\s+([\d.]+)", t)
        if m and x:
            return 1e6 / (1e6 / float(m.group(1)) + 1e6 / float(m.group(2)) + 1e6 / float(x.group(1)))
    return None


def summary(out, figs, title):
    p = out.append
    p(f"### {title}\n")
    p("Requests per server CPU-second (medians of the rounds); certgate ÷ the best peer on each figure, "
      f"target ≥ {TARGET}×; the latency columns are certgate's p99 against the lowest peer p99.\n")
    p("| figure | certgate | " + " | ".join(NAME[s] for s in PEERS) + " | best peer | certgate ÷ best | ≥ 1.2× | p99 µs certgate / best peer |")
    p("|---|---:|" + "---:|" * len(PEERS) + "---|---:|---|---:|")
    for fig in FIGS:
        by = figs.get(fig)
        if not by:
            p(f"| {FIG_NAME[fig]} | not yet measured |" + " |" * len(PEERS) + " | | | |")
            continue
        cg = by.get("certgate", {})
        bs, bv = best_peer(by, "cpus")
        r = ratio(cg.get("cpus"), bv)
        ls, lv = best_peer(by, "p99", lowest=True)
        met = "-" if r is None else ("met" if r >= TARGET else "**not met**")
        p(f"| {FIG_NAME[fig]} | {f0(cg.get('cpus'))} | " + " | ".join(f0(by[s]["cpus"]) if s in by else "-" for s in PEERS)
          + f" | {NAME.get(bs, '-') if bs else '-'} | {fr(r)} | {met} | {f0(cg.get('p99'))} / {f0(lv)} |")
    p("")


def per_figure(out, figs, limit):
    p = out.append
    for fig in FIGS:
        by = figs.get(fig)
        if not by:
            continue
        order = [s for s in ["certgate"] + PEERS if s in by] + sorted(s for s in by if s not in NAME)
        p(f"#### {FIG_NAME[fig]}\n")
        p("| server | req/s | req per server CPU-s (min–max) | p50 µs | p99 µs | p99.9 µs | generator CPU | server CPU | errors | certgate ÷ it, per CPU-s |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        cg = by.get("certgate", {})
        for s in order:
            st = by[s]
            extra = f" ({st['reconnects']} reconnects)" if st["reconnects"] else ""
            p(f"| {NAME.get(s, s)}{extra} | {f0(st['rps'])}{' (floor)' if st['floor'] else ''} | {f0(st['cpus'])} ({f0(st['cpus_min'])}–{f0(st['cpus_max'])}) "
              f"| {f0(st['p50'])} | {f0(st['p99'])} | {f0(st['p999'])} | {st['gen'] or 0:.2f} | {st['srv'] or 0:.2f} | {st['errors']} "
              f"| {'-' if s == 'certgate' else fr(ratio(cg.get('cpus'), st['cpus']))} |")
        if fig == "full" and limit and cg.get("cpus"):
            p(f"\ncertgate's full handshakes per CPU-second are {100 * cg['cpus'] / limit:.0f}% of the crypto limit "
              f"({limit:,.0f}/s: one ECDSA P-256 sign, one verify, one X25519, `openssl speed` on the server CPU); target ≥ 50%.")
        p("")


def idle_table(out, idle):
    if not idle:
        return
    p = out.append
    p("#### RSS per idle mutual-TLS connection\n")
    p("| server | state | connections held | RSS before (MiB) | with them (MiB) | KiB per connection |")
    p("|---|---|---:|---:|---:|---:|")
    for (s, state), r in sorted(idle.items(), key=lambda kv: (["certgate"] + PEERS).index(kv[0][0]) if kv[0][0] in NAME else 99):
        held = (r.get("gen") or {}).get("held") or 0
        b, h = r["rss_before_kb"], r["rss_held_kb"]
        k = (h - b) / held if held else None
        p(f"| {NAME.get(s, s)} | {state} | {held} | {b / 1024:.1f} | {h / 1024:.1f} | {'-' if k is None else f'{k:.1f}'} |")
    p("")


def scaling(out, one, two):
    p = out.append
    p("### From one core to two: requests/s on two cores ÷ on one\n")
    p("| figure | " + " | ".join(NAME[s] for s in ["certgate"] + PEERS) + " |")
    p("|---|" + "---:|" * (1 + len(PEERS)))
    for fig in FIGS:
        a, b = one.get(fig, {}), two.get(fig, {})
        p(f"| {FIG_NAME[fig]} | " + " | ".join(
            fr(ratio(b.get(s, {}).get("rps"), a.get(s, {}).get("rps"))) for s in ["certgate"] + PEERS) + " |")
    p("")


def quick(figs):
    print("| figure | certgate req/CPU-s | nginx req/CPU-s | certgate ÷ nginx | certgate p50/p99/p99.9 µs | nginx p50/p99/p99.9 µs | CPU 0 others | errors |")
    print("|---|---:|---:|---:|---|---|---|---:|")
    for fig in FIGS:
        by = figs.get(fig)
        if not by:
            continue
        c, n = by.get("certgate", {}), by.get("nginx", {})
        lat = lambda st: "/".join(f0(st.get(k)) for k in ("p50", "p99", "p999"))
        oth = lambda st: "-" if st.get("others") is None else f"{st['others']:.2f}"
        print(f"| {fig} | {f0(c.get('cpus'))} | {f0(n.get('cpus'))} | {fr(ratio(c.get('cpus'), n.get('cpus')))} "
              f"| {lat(c)} | {lat(n)} | {oth(c)} / {oth(n)} | {c.get('errors', 0) + n.get('errors', 0)} |")


def variants(dirs):
    """certgate:NAME servers against the first variant in the run (the order of VARIANTS)."""
    rows = [r for d in dirs for r in load(d) if r.get("result") and r.get("server", "").startswith("certgate:")]
    order = []
    for d in dirs:
        m = os.path.join(d, "machine.txt")
        if os.path.exists(m):
            order += [l.split()[1].rstrip(":") for l in open(m) if l.startswith("variant ")]
    print("Requests per server CPU-second, median of the rounds (each round's figure in brackets); "
          "each variant against the first.\n")
    print("| figure | variant | req per server CPU-s | rounds | p50 / p99 / p99.9 µs | ÷ " + (order[0][len("certgate:"):] if order else "first") + " | errors |")
    print("|---|---|---:|---|---|---:|---:|")
    for fig in FIGS:
        by = {}
        for r in rows:
            if r["figure"] == fig:
                by.setdefault(r["server"], []).append(r["result"])
        if not by:
            continue
        names = [v for v in order if v in by] + sorted(v for v in by if v not in order)
        each_stats = {v: stats(by[v]) for v in names}
        base = each_stats[names[0]]["cpus"]
        for v in names:
            st = each_stats[v]
            each = ", ".join(f0(x.get("req_per_server_cpu_s")) for x in by[v])
            lat = " / ".join(f0(st[k]) for k in ("p50", "p99", "p999"))
            print(f"| {fig} | {v[len('certgate:'):]} | {f0(st['cpus'])} | {each} | {lat} | {fr(ratio(st['cpus'], base))} | {st['errors']} |")


def main(argv):
    two_dir, mode, dirs = None, "full", []
    i = 0
    while i < len(argv):
        if argv[i] == "--two-core":
            two_dir = argv[i + 1]
            i += 2
            continue
        if argv[i] in ("--quick", "--variants"):
            mode = argv[i][2:]
        else:
            dirs.append(argv[i])
        i += 1
    if not dirs and not two_dir:
        sys.exit(__doc__)
    one, idle = collect(dirs)
    if mode == "quick":
        quick(one)
        return
    if mode == "variants":  # then the usual tables, for any peers run beside the variants
        variants(dirs)
        print()
    out = []
    if dirs:
        summary(out, one, "One core: certgate against each peer")
        per_figure(out, one, crypto_limit(dirs))
        idle_table(out, idle)
    if two_dir:
        two, idle2 = collect([two_dir])
        summary(out, two, "Two cores: certgate against each peer")
        if dirs:
            scaling(out, one, two)
        per_figure(out, two, None)
        idle_table(out, idle2)
    floors = [f"{fig}/{s}" for figs in ([one] + ([collect([two_dir])[0]] if two_dir else [])) for fig in FIGS
              for s, st in figs.get(fig, {}).items() if st["floor"]]
    if floors:
        out.append("(floor): the generator used ≥ 90% of its cores, so that req/s understates the server; "
                   "requests per server CPU-second still holds: " + ", ".join(floors) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
