"""Soak autoreport's exactly-once promise against the embedded mock marketplace.

    python bench/soak.py                      # 40 rounds, a fresh seed (printed)
    python bench/soak.py --rounds 5 --seed 7  # the same choices again
    python bench/soak.py --seed 7 --round 3   # round 3 of seed 7 alone, to replay a failure

Each round files one complaint, or a `--jobs 2` batch of two (two reasons on one order, or a seller
report and a dispute appeal), with a fault of the mock's switched on, and stops the run at a random
moment: kill -9, Ctrl-C once or twice, or SIGTERM. Then it runs the same command again until every
complaint is settled, and compares what the mock holds with the ledger and the tool's results:
duplicates, losses, numbers adopted from another complaint, mismatches, tracebacks, runs that do not
stop, processes and temporary files left behind. Prints a table; exit 1 on any defect, 0 otherwise.
Linux only (it adopts the orphans of the runs it kills, to count them). Needs psutil.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from autoreport.mock_site import MockSite
from autoreport.mock_site.client import MockControl
from rich.console import Console
from rich.table import Table
from soak_checks import (
    DEFECTS,
    SETTLED,
    UNVERIFIED,
    Complaint,
    RoundRecord,
    become_subreaper,
    count,
    find_defects,
    leftover_processes,
    leftover_temp,
)
from soak_matrix import EXAMPLES, FAULTS, HEALTHY, KINDS, SPECS, STOPS, Plan

CONSOLE_SCRIPT = Path(sys.executable).with_name("autoreport")
CLI = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.is_file() else [sys.executable, "-m", "autoreport"]

STOP_WITHIN_S = 180  # a run told to stop (or a rerun) that outlives this is a hang
ORPHAN_GRACE_S = 20  # a killed run's processes end as its death reaches them; later, they are orphans
MAX_RERUNS = 6


class Command:
    """`autoreport ARGS` in a session of its own, its stderr read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.process = subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, start_new_session=True)
        self.lines: list[str] = []
        self.stdout = ""
        self.stops: list[str] = []
        self.hung = False
        self._news = threading.Condition()
        self._readers = [threading.Thread(target=self._read_stderr, daemon=True),
                         threading.Thread(target=self._read_stdout, daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            with self._news:
                self.lines.append(line.rstrip("\n"))
                self._news.notify_all()
        with self._news:
            self._news.notify_all()

    def _read_stdout(self) -> None:
        self.stdout = self.process.stdout.read()

    def wait_for_line(self, matches, timeout: float) -> bool:
        """Until a stderr line matches; False once the output ended without one, or timeout passed."""
        with self._news:
            self._news.wait_for(lambda: any(map(matches, self.lines)) or not self._readers[0].is_alive(),
                                timeout=timeout)
            return any(map(matches, self.lines))

    def stop(self, how: str, chance: random.Random) -> None:
        """kill -9 or SIGTERM as a supervisor sends them (to the command's process), Ctrl-C as a terminal
        does (to its whole process group), the second Ctrl-C at a random moment after the first."""
        if self.process.poll() is not None:
            return
        if how == "SIGKILL":
            os.kill(self.process.pid, signal.SIGKILL)
        elif how == "SIGTERM":
            os.kill(self.process.pid, signal.SIGTERM)
        else:
            os.killpg(self.process.pid, signal.SIGINT)
            if how == "SIGINT twice":
                try:
                    self.process.wait(timeout=chance.uniform(0.1, 1.5))
                    how = "SIGINT"  # it ended before the second
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGINT)
        self.stops.append(how)

    def finish(self) -> Command:
        try:
            self.process.wait(timeout=STOP_WITHIN_S)
        except subprocess.TimeoutExpired:
            self.hung = True
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for reader in self._readers:
            reader.join(timeout=30)
        return self

    def results(self) -> dict[str, dict]:
        """Spec file name -> the result object the run printed for it (--json); none for a killed run."""
        found = {}
        for line in self.stdout.splitlines():
            try:
                result = json.loads(line)
            except ValueError:
                continue
            if isinstance(result, dict) and "spec" in result:
                found[Path(result["spec"]).name] = result
        return found

    def transcript(self) -> str:
        stops = f", stopped by {' and '.join(self.stops)}" if self.stops else ""
        return (f"$ {' '.join(self.process.args)}\nexit {self.process.returncode}{stops}\n"
                f"--- stdout\n{self.stdout}--- stderr\n" + "\n".join(self.lines))

    def outputs(self) -> list[str]:
        return [self.stdout, "\n".join(self.lines)]


@dataclass
class RoundResult:
    plan: Plan
    record: RoundRecord
    defects: list[tuple[str, str]]
    commands: list[dict] = field(default_factory=list)
    stop: str | None = None  # the stop that reached the running command; None if it had ended first
    trails: dict[str, list[str]] = field(default_factory=dict)  # spec -> its status after each command
    seconds: float = 0.0

    @property
    def unverified_seen(self) -> set[str]:
        return {name for name, trail in self.trails.items() if UNVERIFIED in trail}


class Soak:
    """The soak's folder (specs, the commands' TMPDIR, kept rounds) and its mock; plays one round at a time."""

    def __init__(self, seed: int, work: Path):
        self.seed = seed
        self.work = work
        self.tmpdir = work / "tmp"  # the commands' TMPDIR: nobody else's files are counted
        self.tmpdir.mkdir()
        self.specs = work / "specs"
        (self.specs / "evidence").mkdir(parents=True)
        for evidence in (EXAMPLES / "evidence").iterdir():
            shutil.copy(evidence, self.specs / "evidence" / evidence.name)
        for name, spec in SPECS.items():
            (self.specs / name).write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
        self.steps = {name: self._step_names(self.specs / name) for name in SPECS}
        self.site = MockSite(edition="article").start()
        self.mock = MockControl(self.site.url)

    @staticmethod
    def _step_names(path: Path) -> list[str]:
        from autoreport.filing.spec_file import SpecFile
        from autoreport.sites.flows import flow_for

        return [step.name for step in flow_for(SpecFile.load(path).spec).steps(dry_run=False)]

    def start(self, folder: Path, specs: list[str], *extra: str) -> Command:
        args = ["run", *(str(self.specs / name) for name in specs), "--site", "mock", "--base-url", self.mock.url,
                "--state-dir", str(folder / "state"), "--output", str(folder / "runs"), "--json",
                "--retry-wait", "0", *extra]
        return Command(args, {**os.environ, "TMPDIR": str(self.tmpdir)})

    def ledger(self, folder: Path, commands: list[Command]) -> list[dict]:
        """The round's ledger, as `autoreport history --json` shows it; the command joins the round's."""
        history = Command(["history", "--json", "--state-dir", str(folder / "state")],
                          {**os.environ, "TMPDIR": str(self.tmpdir)}).finish()
        commands.append(history)
        return [json.loads(line) for line in history.stdout.splitlines() if line.startswith("{")]

    def play(self, plan: Plan) -> RoundResult:
        started = time.monotonic()
        folder = self.work / f"round-{plan.index:03d}"
        specs = KINDS[plan.kind]
        jobs = ["--jobs", "2"] if len(specs) > 1 else []
        self.mock.reset()
        self.mock.faults(**FAULTS[plan.fault][0])
        chance = random.Random(f"{self.seed}:{plan.index}:moments")
        commands: list[Command] = []

        killed = self.start(folder, specs, *jobs)
        spec, step, delay = plan.moment
        if step:
            killed.wait_for_line(lambda line: line.startswith(f"{spec}: [") and line.endswith(f"] {step}"),
                                 timeout=STOP_WITHIN_S)
        if killed.process.poll() is None:
            time.sleep(delay)  # not a wait for state: the moment of the stop is the point of the round
            killed.stop(plan.stop, chance)
        commands.append(killed.finish())
        left = leftover_processes(ORPHAN_GRACE_S)
        gently = killed.stops[0] if killed.stops in (["SIGINT"], ["SIGTERM"]) else None
        temp_left = leftover_temp(self.tmpdir) if gently else []  # a run that ended by itself clears its own
        checks: list[Command] = []
        ledger_after_stop = self.ledger(folder, checks) if gently else []
        trails = {name: [killed.results().get(name, {}).get("status") or "-"] for name in specs}

        # Rerun until every complaint is settled: the fault stays on for the first rerun, then the
        # site is healthy again. An unverified complaint is settled once a second run finds it so too.
        results: dict[str, dict] = killed.results()
        for rerun in range(MAX_RERUNS):
            if rerun == 1:
                self.mock.faults(**HEALTHY)
            before = {name for name, result in results.items() if result.get("status") == UNVERIFIED}
            command = self.start(folder, specs, *jobs).finish()
            commands.append(command)
            left += leftover_processes(ORPHAN_GRACE_S)
            results.update(command.results())
            statuses = {name: results.get(name, {}).get("status") for name in specs}
            for name in specs:
                trails[name].append(command.results().get(name, {}).get("status") or "-")
            if all(status in SETTLED or (status == UNVERIFIED and name in before)
                   for name, status in statuses.items()):
                break
        self.mock.faults(**HEALTHY)
        temp_left += leftover_temp(self.tmpdir)
        hangs = [f"{'the stopped run' if i == 0 else f'rerun {i}'} did not end within {STOP_WITHIN_S} s"
                 for i, command in enumerate(commands) if command.hung]

        record = RoundRecord(
            complaints=[Complaint.from_spec(name, SPECS[name]) for name in specs],
            submissions=self.mock.submissions(), ledger=self.ledger(folder, checks), results=results,
            outputs=[text for command in [*commands, *checks] for text in command.outputs()],
            run_folder_tracebacks=[str(path) for path in (folder / "runs").rglob("traceback.txt")],
            gently_stopped=gently, stopped_results=killed.results(), ledger_after_stop=ledger_after_stop)
        defects = find_defects(record)
        defects += [("hangs", hang) for hang in hangs]
        defects += [("orphan processes", process) for process in left]
        defects += [("temp folders left", path) for path in temp_left]
        if defects:  # kept for a look: each command's line, exit status and output
            (folder / "commands.txt").write_text("\n\n".join(command.transcript() for command in [*commands, *checks]))
        else:
            shutil.rmtree(folder, ignore_errors=True)
        return RoundResult(plan, record, defects, stop=(killed.stops or [None])[0], trails=trails,
                           seconds=time.monotonic() - started,
                           commands=[{"exit": command.process.returncode, "stops": command.stops}
                                     for command in commands])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("SOAK_ROUNDS") or 40),
                        help="how many rounds (default 40, or SOAK_ROUNDS)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED") or random.randrange(1 << 32)),
                        help="the seed of every random choice (default: a fresh one, or SOAK_SEED); printed")
    parser.add_argument("--round", type=int, default=None, help="play only this round of the seed's sequence")
    parser.add_argument("--results", type=Path, default=None, help="also write every round's findings as JSON")
    options = parser.parse_args()
    if options.rounds < 1 or (options.round is not None and options.round < 1):
        parser.error("--rounds and --round are counted from 1")
    become_subreaper()
    indexes = [options.round] if options.round else list(range(1, options.rounds + 1))
    print(f"soak: seed {options.seed}, {len(indexes)} round(s)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="soak-"))  # short: Chromium puts a socket in the TMPDIR below it
    soak = Soak(options.seed, work)
    played: list[RoundResult] = []
    for index in indexes:
        plan = Plan.draw(options.seed, index, soak.steps)
        result = soak.play(plan)
        played.append(result)
        verdict = "ok" if not result.defects else f"{len(result.defects)} defect(s)"
        trails = "; ".join(f"{name} {' > '.join(trail)}" for name, trail in result.trails.items())
        print(f"round {index}: {plan.describe()}: {trails}: {verdict} ({result.seconds:.0f} s)", flush=True)
        for name, what in result.defects:
            print(f"  {name}: {what}", flush=True)
    soak.site.stop()
    totals = count([defect for result in played for defect in result.defects])
    print_table(played, totals, options.seed)
    if options.results:
        options.results.write_text(json.dumps(as_json(played, totals, options.seed), indent=2))
        print(f"results: {options.results}")
    if any(totals.values()):
        print(f"replay a round with: python bench/soak.py --seed {options.seed} --round N; "
              f"the folders of the rounds with defects are kept in {work}")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


def print_table(played: list[RoundResult], totals: Counter, seed: int) -> None:
    def tally(counted: Counter, order) -> str:
        return ", ".join(f"{counted[name]} {name}" for name in order if counted[name])

    kinds = Counter(result.plan.kind for result in played)
    stops = Counter(result.stop for result in played if result.stop)
    finished_first = sum(not result.stop for result in played)
    outcomes = Counter(result.record.results.get(c.spec, {}).get("status") or "none"
                       for result in played for c in result.record.complaints)
    complaints = sum(outcomes.values())
    proven = sum(len(result.unverified_seen) for result in played) - outcomes[UNVERIFIED]
    on_the_way = Counter(status for result in played for trail in result.trails.values() for status in trail[:-1]
                         if status not in SETTLED)
    reruns = [len(result.commands) - 1 for result in played]
    table = Table(title=f"soak: {len(played)} round(s), seed {seed}", show_header=False)
    table.add_column("what")
    table.add_column("value")
    table.add_row("rounds", f"{len(played)}: {tally(kinds, KINDS)} (each pair as --jobs 2)")
    table.add_row("stops", f"{tally(stops, STOPS)}; {finished_first} run(s) had ended before their stop")
    table.add_row("faults", tally(Counter(result.plan.fault for result in played), FAULTS))
    settled = sum(outcomes[status] for status in SETTLED)
    table.add_row("complaints", f"{complaints}: {settled} settled with their number, {outcomes[UNVERIFIED]} "
                                f"unverified at the end, {proven} unverified at first and settled by a later run"
                  + "".join(f", {n} {status}" for status, n in outcomes.items()
                            if status not in (*SETTLED, UNVERIFIED)))
    table.add_row("outcomes before the last run", ", ".join(
        f"{n} {'no result (stopped)' if status == '-' else status}" for status, n in on_the_way.most_common()))
    table.add_row("reruns", f"{sum(reruns)} ({max(reruns)} at most in a round); "
                            f"{sum(r.seconds for r in played) / 60:.1f} min in all")
    for name in DEFECTS:
        table.add_row(name, f"[bold red]{totals[name]}[/]" if totals[name] else "0")
    Console(width=max(shutil.get_terminal_size((120, 24)).columns, 100)).print(table)


def as_json(played: list[RoundResult], totals: Counter, seed: int) -> dict:
    return {"seed": seed, "defects": dict(totals), "rounds": [{
        "round": result.plan.index, "plan": result.plan.describe(), "stop": result.stop,
        "commands": result.commands, "seconds": round(result.seconds, 1),
        "complaints": {c.spec: [s["id"] for s in result.record.submissions if c.is_filed_as(s)]
                       for c in result.record.complaints},
        "outcomes": {name: result.record.results.get(name, {}).get("status") for name in KINDS[result.plan.kind]},
        "trails": result.trails,
        "defects": [{"defect": name, "what": what} for name, what in result.defects],
    } for result in played]}


if __name__ == "__main__":
    sys.exit(main())
