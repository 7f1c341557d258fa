"""The benchmark's verdict: each figure against its target, and the table printed for a person."""

from __future__ import annotations

GIB = 1024 ** 3
MIB = 1024 ** 2


def targets(results: dict) -> list[dict]:
    help_, validate_100 = results["cold_start"]["help"], results["validate_many"]
    one, batch, grown = results["one_complaint"], results["batches"], results["growth"]
    count, grown_count = batch["complaints"], grown["complaints"]
    jobs_2 = batch["jobs_2"]
    # The long batch against the median of the short ones, --jobs 2 both.
    growth_of = {key: grown[key] / batch_median(jobs_2, key)
                 for key in ("wall_per_complaint_s", "cpu_per_complaint_s", "peak_rss_bytes", "peak_fds")}
    checks = [
        ("--help cold start (median)", help_["median_s"], "s", "< 0.3 s", help_["median_s"] < 0.3),
        ("--help imports no playwright", help_["imports_playwright"], "", "False", not help_["imports_playwright"]),
        ("validate imports no playwright", results["cold_start"]["validate"]["imports_playwright"], "", "False",
         not results["cold_start"]["validate"]["imports_playwright"]),
        (f"validate {validate_100['specs']} specs (median)", validate_100["median_s"], "s", "< 0.5 s",
         validate_100["median_s"] < 0.5),
        ("one complaint to receipt, tool / script", one["to_receipt_ratio"]["median"], "x", "<= 1.10x",
         one["to_receipt_ratio"]["median"] <= 1.10),
        ("one complaint CPU time, tool / script", one["cpu_ratio"]["median"], "x", "<= 1.15x",
         one["cpu_ratio"]["median"] <= 1.15),
        (f"batch of {count} --jobs 1 / script's batch", batch["jobs_1_wall_ratio"]["median"], "x", "<= 1.10x",
         batch["jobs_1_wall_ratio"]["median"] <= 1.10),
        (f"batch of {count} --jobs 2 vs --jobs 1", batch["jobs_2_speed_up"]["median"], "x faster", ">= 1.4x",
         batch["jobs_2_speed_up"]["median"] >= 1.4),
    ]
    # Memory in all is the sum of PSS: a page shared by several processes counts once, split among
    # them; a sum of RSS counts it in each (printed below the table, for comparison).
    peak = max(run["peak_pss_bytes"] or run["peak_rss_bytes"] for run in jobs_2)
    kind = "PSS" if all(run["peak_pss_bytes"] is not None for run in jobs_2) else "RSS (no PSS here)"
    checks += [
        (f"batch --jobs 2 peak memory, {kind} sum", peak / GIB, "GiB", "< 1 GiB", peak < GIB),
        (f"{grown_count} complaints / {count}: time a complaint", growth_of["wall_per_complaint_s"], "x", "<= 1.10x",
         growth_of["wall_per_complaint_s"] <= 1.10),
        (f"{grown_count} complaints / {count}: CPU a complaint", growth_of["cpu_per_complaint_s"], "x", "<= 1.10x",
         growth_of["cpu_per_complaint_s"] <= 1.10),
        (f"{grown_count} complaints / {count}: peak memory (RSS sum)", growth_of["peak_rss_bytes"], "x", "<= 1.10x",
         growth_of["peak_rss_bytes"] <= 1.10),
        (f"{grown_count} complaints / {count}: open descriptors", growth_of["peak_fds"], "x", "<= 1.10x",
         growth_of["peak_fds"] <= 1.10),
    ]
    return [{"name": name, "value": value, "unit": unit, "target": target, "passed": passed}
            for name, value, unit, target, passed in checks]


def batch_median(runs: list[dict], key: str) -> float:
    values = sorted(run[key] for run in runs)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def show(value, unit: str) -> str:
    if isinstance(value, bool):
        return str(value)
    return f"{value:.3f} {unit}" if unit in ("s", "GiB") else f"{value:.2f}{unit}"


def listed(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def cpu_split(runs: list[dict]) -> str:
    kinds = sorted({kind for run in runs for kind in run["cpu_by_kind_s"]})
    return ", ".join(f"{kind} {batch_median([{'s': run['cpu_by_kind_s'].get(kind, 0.0)} for run in runs], 's'):.2f} s"
                     for kind in kinds)


def print_table(results: dict) -> None:
    machine, settings = results["machine"], results["settings"]
    print(f"autoreport benchmark  {results['started_at']}  {machine['cpus']} CPUs  "
          f"load average at start {machine['load_average_start']}, at end {machine['load_average_end']}  "
          f"(quick: {settings['quick']})")
    print(f"browser {results['browser_launch']['browser']} (found by {results['browser_launch']['found_by']}), "
          f"playwright {machine['playwright']}, python {machine['python']}; CPU time counts every process of "
          f"a run: {machine['cpu_counts_every_process']}\n")

    rows = [("measure", "value", "target", "result")]
    rows += [(t["name"], show(t["value"], t["unit"]), t["target"], "pass" if t["passed"] else "FAIL")
             for t in results["targets"]]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())

    cold, validate_100 = results["cold_start"], results["validate_many"]
    print(f"\ncold starts ({cold['help']['command']}, median of {len(cold['help']['runs_s'])}): "
          f"--help {cold['help']['median_s']:.3f} s, validate one spec {cold['validate']['median_s']:.3f} s; "
          f"validate {validate_100['specs']} specs {validate_100['median_s']:.3f} s")
    print(f"  heavy modules imported by --help: {', '.join(cold['help']['heavy_modules_imported']) or 'none'}; "
          f"by validate: {', '.join(cold['validate']['heavy_modules_imported']) or 'none'}")
    launch = results["browser_launch"]["median"]
    print("before the first step (separate process, medians): "
          + ", ".join(f"{key.removesuffix('_s').replace('_', ' ')} {value:.3f} s" for key, value in launch.items()))
    print_one_complaint(results["one_complaint"])
    print_batches(results["batches"], results["growth"], results["steps_alone"])
    print(f"\nratios are medians of the rounds' own ratios (tool and script run in turns); load average at end "
          f"{machine['load_average_end']}")


def print_one_complaint(one: dict) -> None:
    print(f"\none complaint, process start to receipt (the script: to the number read), {one['rounds']} rounds, "
          "medians:")
    print(f"  {'':<36} {'to receipt':>11} {'to exit':>9} {'CPU':>8}")
    for which, label in (("tool", "tool"), ("script", "hand-written script"),
                         ("tool_tracing_off", "tool, --tracing off"),
                         ("tool_no_look_up", "tool, --force (no look-up)")):
        print(f"  {label:<36} {one[f'{which}_to_receipt_s']:9.2f} s {one[f'{which}_wall_s']:7.2f} s "
              f"{one[f'{which}_cpu_s']:6.2f} s")
    print(f"  {'tool / script, each round':<36} to receipt {listed(one['to_receipt_ratio']['each'])}; "
          f"CPU {listed(one['cpu_ratio']['each'])}")
    print(f"  {'CPU / script, medians':<36} tool {one['cpu_ratio']['median']:.2f}, --tracing off "
          f"{one['tool_tracing_off_cpu_ratio']['median']:.2f}, "
          f"--force {one['tool_no_look_up_cpu_ratio']['median']:.2f}")
    steps_sum = sum(one["steps_s"].values())
    print(f"  where the tool's time goes: the steps {steps_sum:.2f} s, before and after them "
          f"{one['tool_to_receipt_s'] - steps_sum:.2f} s (start, look-up on the site, screenshot, receipt)")
    print("    " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in one["steps_s"].items()))
    print(f"  CPU by process, tool:   {cpu_split(one['tool'])}")
    print(f"  CPU by process, script: {cpu_split(one['script'])}")


def print_batches(batch: dict, grown: dict, alone: dict) -> None:
    count = batch["complaints"]
    print(f"\nbatches of {count}, {batch['rounds']} rounds, medians a complaint:")
    for which, label in (("jobs_1", "--jobs 1"), ("jobs_2", "--jobs 2"), ("script", "hand-written script"),
                         ("jobs_1_tracing_off", "--jobs 1 --tracing off")):
        runs = batch[which]
        pss = (f", PSS {batch_median(runs, 'peak_pss_bytes') / GIB:.3f} GiB"
               if all(run["peak_pss_bytes"] is not None for run in runs) else "")
        print(f"  {label:<20} {batch[f'{which}_wall_per_complaint_s']:5.2f} s, CPU "
              f"{batch[f'{which}_cpu_per_complaint_s']:5.2f} s; peak RSS "
              f"{batch_median(runs, 'peak_rss_bytes') / GIB:.3f} GiB{pss} over "
              f"{max(run['peak_processes'] for run in runs)} processes")
        print(f"  {'':<20} CPU by process (a batch): {cpu_split(runs)}")
    print(f"  --jobs 1 / script, each round: time {listed(batch['jobs_1_wall_ratio']['each'])}, "
          f"CPU {listed(batch['jobs_1_cpu_ratio']['each'])}; "
          f"--jobs 2 speed-up {listed(batch['jobs_2_speed_up']['each'])}")
    print(f"  --jobs 1 --tracing off / script, medians: time {batch['jobs_1_tracing_off_wall_ratio']['median']:.2f}, "
          f"CPU {batch['jobs_1_tracing_off_cpu_ratio']['median']:.2f}")
    print(f"{grown['complaints']} complaints, --jobs 2: {grown['wall_per_complaint_s']:.2f} s and CPU "
          f"{grown['cpu_per_complaint_s']:.2f} s a complaint, peak RSS {grown['peak_rss_bytes'] / GIB:.3f} GiB, "
          f"open descriptors at most {grown['peak_fds']} ({grown['last_fds']} at the end; {count} complaints: "
          f"{batch_median(batch['jobs_2'], 'peak_fds'):.0f}), ledger {grown['ledger_bytes'] / MIB:.2f} MiB "
          f"({grown['ledger_bytes'] / grown['complaints'] / 1024:.1f} KiB a complaint)")
    print(f"the flow's steps alone, in one warm browser (no runner, receipt, screenshot or trace): "
          f"{alone['per_complaint_s']:.2f} s a complaint (median)")
