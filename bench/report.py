"""The benchmark's verdict: each figure against its target, and the table printed for a person."""

from __future__ import annotations

GIB = 1024 ** 3


def targets(results: dict) -> list[dict]:
    help_, singles = results["cold_start"]["help"], results["single_complaint"]
    separate, jobs_1, jobs_2 = (results["complaints"][key] for key in ("separate", "jobs_1", "jobs_2"))
    speed_up_1 = separate["total_s"] / jobs_1["total_s"]
    checks = [
        ("--help cold start (median)", help_["median_s"], "s", "< 0.3 s", help_["median_s"] < 0.3),
        ("--help imports no playwright", help_["imports_playwright"], "", "False", not help_["imports_playwright"]),
        ("validate imports no playwright", results["cold_start"]["validate"]["imports_playwright"], "", "False",
         not results["cold_start"]["validate"]["imports_playwright"]),
        *((f"one complaint to receipt, tracing {single['tracing']}", single["to_receipt_s"], "s", "< 2.5 s",
           single["to_receipt_s"] < 2.5) for single in (singles["tracing_retain_on_failure"], singles["tracing_off"])),
        ("batch --jobs 1 vs separate runs", speed_up_1, "x faster", ">= 3x", speed_up_1 >= 3),
        ("batch --jobs 2 vs --jobs 1", jobs_1["total_s"] / jobs_2["total_s"], "x faster", "> 1x",
         jobs_2["total_s"] < jobs_1["total_s"]),
    ]
    # Memory in all is the sum of PSS: a page shared by several processes counts once, split among
    # them; a sum of RSS counts it in each (printed below the table, for comparison).
    if jobs_2["peak_pss_bytes"] is not None:
        checks.append(("batch --jobs 2 peak memory, PSS sum", jobs_2["peak_pss_bytes"] / GIB, "GiB", "< 1 GiB",
                       jobs_2["peak_pss_bytes"] < GIB))
    else:
        checks.append(("batch --jobs 2 peak memory, RSS sum (no PSS here)", jobs_2["peak_rss_bytes"] / GIB, "GiB",
                       "< 1 GiB", jobs_2["peak_rss_bytes"] < GIB))
    return [{"name": name, "value": value, "unit": unit, "target": target, "passed": passed}
            for name, value, unit, target, passed in checks]


def show(value, unit: str) -> str:
    if isinstance(value, bool):
        return str(value)
    return f"{value:.3f} {unit}" if unit in ("s", "GiB") else f"{value:.2f}{unit}"


def print_table(results: dict) -> None:
    machine = results["machine"]
    print(f"autoreport benchmark  {results['started_at']}  {machine['cpus']} CPUs  "
          f"load average at start {machine['load_average_start']}  (quick: {results['settings']['quick']})")
    print(f"browser {results['browser_launch']['browser']} (found by {results['browser_launch']['found_by']}), "
          f"playwright {machine['playwright']}, python {machine['python']}\n")

    rows = [("measure", "value", "target", "result")]
    rows += [(t["name"], show(t["value"], t["unit"]), t["target"], "pass" if t["passed"] else "FAIL")
             for t in results["targets"]]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())

    cold, validate_100 = results["cold_start"], results["validate_many"]
    print(f"\ncold starts ({cold['help']['command']}, median of {len(cold['help']['runs_s'])}): "
          f"--help {cold['help']['median_s']:.3f} s, validate one spec {cold['validate']['median_s']:.3f} s")
    print(f"  heavy modules imported by --help: {', '.join(cold['help']['heavy_modules_imported']) or 'none'}; "
          f"by validate: {', '.join(cold['validate']['heavy_modules_imported']) or 'none'}")
    print(f"validate {validate_100['specs']} specs in one process: {validate_100['median_s']:.3f} s "
          f"({1000 * validate_100['per_spec_s']:.1f} ms a spec)")

    launch = results["browser_launch"]["median"]
    print("\nbefore the first step (separate process, medians): "
          + ", ".join(f"{key.removesuffix('_s').replace('_', ' ')} {value:.3f} s" for key, value in launch.items()))
    for single in results["single_complaint"].values():
        form = "" if single["late_form"] else ", the mock's report form at once (late_form_ms 0)"
        print(f"\none complaint, tracing {single['tracing']}{form} (median of {len(single['runs'])}), "
              "process start to receipt:")
        print(f"  {'browser launch (driver + chromium)':<36} {single['launch_s']:7.3f} s")
        for name, seconds in single["steps_s"].items():
            print(f"  {'step ' + name:<36} {seconds:7.3f} s")
        print(f"  {'other (imports, context, screenshot)':<36} {single['other_s']:7.3f} s")
        print(f"  {'to receipt':<36} {single['to_receipt_s']:7.3f} s")
        print(f"  {'to exit (browser and driver closed)':<36} {single['total_s']:7.3f} s")

    print()
    complaints = results["complaints"]
    separate = complaints["separate"]
    print(f"{separate['complaints']} complaints as separate runs: {separate['total_s']:.2f} s "
          f"({separate['per_complaint_s']:.2f} s each)")
    for key in ("jobs_1", "jobs_2"):
        run = complaints[key]
        pss = f", PSS {run['peak_pss_bytes'] / GIB:.3f} GiB" if run["peak_pss_bytes"] is not None else ""
        print(f"{run['complaints']} complaints, one batch --jobs {run['jobs']}: {run['total_s']:.2f} s "
              f"({run['per_complaint_s']:.2f} s each), peak RSS {run['peak_rss_bytes'] / GIB:.3f} GiB{pss} "
              f"over {run['peak_processes']} processes (sampler used {run['sampling_cpu_s']:.2f} s CPU)")
    alone = complaints["steps_alone"]
    print(f"the flow's steps alone, in one warm browser (no runner, receipt, screenshot or trace): "
          f"{alone['per_complaint_s']:.2f} s a complaint (median); no batch can do better than "
          f"{separate['per_complaint_s'] / alone['per_complaint_s']:.2f}x faster than separate runs")
    print(f"\nload average at end {machine['load_average_end']}")
