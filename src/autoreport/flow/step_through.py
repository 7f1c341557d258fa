"""Step-through debug mode: pause before each named step, and pause on failure, in a visible browser.

Prompts read from an injectable stream so tests can script a session. On a terminal a key prompt
reads one key (what arrives with it, up to a line end, is dropped); from a pipe it reads one line.
"""

from __future__ import annotations

import codecs
import os
import select
import sys
import termios
from collections.abc import Callable
from typing import IO

from autoreport.errors import first_line
from autoreport.flow.runner import Abort, FlowHooks, OnError, Skip
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

# How long after a key what follows still belongs to it: a person types Enter after the key, and a
# terminal multiplexer sends `r` and Enter in one write. Left in the input, that Enter would answer
# the next prompt (run the next step) on its own.
KEY_SETTLE_S = 0.4
NO_MORE_ANSWERS = "no more answers on the input"

# The one highlight on the page: an element of the tool's own, so it can be taken away again
# (Playwright's locator.highlight() stays until the page goes, and earlier ones piled up).
HIGHLIGHT_ID = "autoreport-step-target"
SHOW_HIGHLIGHT = """(element, id) => {
    document.getElementById(id)?.remove();
    element.scrollIntoView({block: "center", inline: "nearest"});
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const frame = document.createElement("div");
    frame.id = id;
    frame.style.cssText = "position:absolute; pointer-events:none; z-index:2147483647; box-sizing:border-box;"
        + "border:3px solid #e8590c; background:rgba(232,89,12,0.15);"
        + `left:${box.left + scrollX - 3}px; top:${box.top + scrollY - 3}px;`
        + `width:${box.width + 6}px; height:${box.height + 6}px;`;
    document.documentElement.appendChild(frame);
}"""


class Prompter:
    def __init__(self, stream: IO[str] | None = None, say: Callable[[str], None] | None = None):
        self.stream = stream or sys.stdin
        self.say = say or (lambda text: print(text, file=sys.stderr, flush=True))

    def _terminal(self) -> int | None:
        """The stream's file descriptor when the stream is a terminal."""
        try:
            fd = self.stream.fileno()
        except (AttributeError, OSError, ValueError):  # a StringIO, a scripted reader, a closed stream
            return None
        return fd if os.isatty(fd) else None

    def key(self, question: str) -> str:
        """One key, as typed (`r` and `R` differ; callers fold case where it does not matter).
        Enter alone gives ''. From a pipe, one line is one answer and its first character the key."""
        self.say(question)
        fd = self._terminal()
        if fd is not None:
            return read_key(fd, getattr(self.stream, "encoding", None) or "utf-8")
        return self._read_line()[:1]

    def line(self, question: str) -> str:
        self.say(question)
        return self._read_line().lower()

    def _read_line(self) -> str:
        answer = self.stream.readline()
        if answer == "":  # end of input: nobody is there to answer, so stop safely
            raise Abort(NO_MORE_ANSWERS)
        return answer.strip()


def read_key(fd: int, encoding: str) -> str:
    """One key from a terminal, without echo and without waiting for Enter; Enter alone gives ''.
    What arrives within KEY_SETTLE_S of the key, up to and including a line end, is dropped with it."""
    saved = termios.tcgetattr(fd)
    keyed = termios.tcgetattr(fd)
    keyed[0] |= termios.ICRNL  # Enter reads as \n whichever line end the terminal sends
    # Ctrl-C comes as a key and interrupts the prompt itself: it may wait in a worker thread, which
    # the signal, handled in the main thread, would leave waiting.
    keyed[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG)
    keyed[6][termios.VMIN], keyed[6][termios.VTIME] = 1, 0
    # TCSANOW, not the usual TCSAFLUSH: keys typed ahead of the prompt are answers, as on a pipe.
    termios.tcsetattr(fd, termios.TCSANOW, keyed)
    try:
        key = _read_char(fd, encoding)
        if key == "\x03":
            raise KeyboardInterrupt
        if key == "\x04":  # Ctrl-D: the end of input, as on a pipe
            raise Abort(NO_MORE_ANSWERS)
        if key == "\n":
            return ""
        while select.select([fd], [], [], KEY_SETTLE_S)[0]:
            if os.read(fd, 1) in (b"\n", b""):
                break
        return key
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, saved)


def _read_char(fd: int, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    while True:
        byte = os.read(fd, 1)
        if byte == b"":  # the terminal hung up
            raise Abort(NO_MORE_ANSWERS)
        if char := decoder.decode(byte):  # a character may take several bytes
            return char


def open_inspector(ctx: FlowContext, say: Callable[[str], None]) -> None:
    # page.pause() opens the Playwright Inspector and returns when the person resumes or closes it.
    say("  The Playwright Inspector is open: close its window, or press Resume in it, to come back here.")
    ctx.page.pause()
    say("  Back from the Inspector.")


class StepThrough(FlowHooks):
    """Before each step: say what it will do, highlight what it acts on, and wait for a key."""

    def __init__(self, prompter: Prompter):
        self.prompter = prompter

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.prompter.say(f"[{position}/{total}] {step.name}: {step.describe}")
        self.highlight(step, ctx)
        try:
            self.ask(step, ctx)
        finally:
            # Taken away before the step acts, so no screenshot (filled form, confirmation, failure) shows it.
            self.clear_highlight(ctx)

    def ask(self, step: Step, ctx: FlowContext) -> None:
        if not step.repeatable:
            answer = self.prompter.line("This files the complaint. Type yes to go on, anything else quits:")
            if answer != "yes":
                raise Abort(f"quit before {step.name}")
            return
        while True:
            choices = "Enter run, s skip, i inspector, q quit" if step.skippable else "Enter run, i inspector, q quit"
            answer = self.prompter.key(f"  [{choices}]").lower()
            if answer == "":
                return
            if answer == "q":
                raise Abort(f"quit before {step.name}")
            if answer == "i":
                open_inspector(ctx, self.prompter.say)
            elif answer == "s" and step.skippable:
                raise Skip
            elif answer == "s":
                self.prompter.say(f"  {step.name} cannot be skipped: the complaint needs it.")
            else:
                self.prompter.say(f"  unknown answer {answer!r}")

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        if result.status is StepStatus.SKIPPED:
            self.prompter.say(f"  skipped {step.name}")

    @staticmethod
    def highlight(step: Step, ctx: FlowContext) -> None:
        """Frame the element the step acts on, scrolled into view (the submit button is often below)."""
        if step.target is None:
            return
        try:
            target = step.target(ctx).first
            if target.count():  # the element may only appear once earlier steps ran; nothing to show yet
                target.evaluate(SHOW_HIGHLIGHT, HIGHLIGHT_ID, timeout=2000)
        except Exception:  # a highlight is a help to the person, never a reason for the step to fail
            pass

    @staticmethod
    def clear_highlight(ctx: FlowContext) -> None:
        try:
            ctx.page.evaluate("id => document.getElementById(id)?.remove()", HIGHLIGHT_ID)
        except Exception:  # a page that is gone or navigating shows no highlight either
            pass


class PauseOnFailure(FlowHooks):
    """A failed step keeps the browser open and asks: retry the step, point at the element it did not
    find, restart the flow from a fresh page, open the Inspector, or quit."""

    def __init__(self, prompter: Prompter,
                 point_at: Callable[[FlowContext, BaseException], bool] | None = None):
        self.prompter = prompter
        # Asks the person to point at the element the error names, and writes the repair; True once
        # written, False (having said why) when not. The flow knows no site: the caller brings it.
        self.point_at = point_at
        self.submit_reached = False

    def before_flow(self, steps: list[Step], ctx: FlowContext) -> None:
        self.submit_reached = False

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if not step.repeatable:
            self.submit_reached = True

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        say = self.prompter.say
        say(f"{step.name} failed: {first_line(error)}")
        if not step.repeatable:
            # Clicking submit again could file a second complaint; the site is checked instead.
            say("  the complaint may have reached the site: it is looked up there, not sent again.")
            return OnError.RAISE
        while True:
            answer = self.prompter.key(f"  [{self.choices()}]")
            if answer == "r":
                return OnError.RETRY
            if answer == "R" and self.submit_reached:
                say("  no restart: the complaint was submitted, and a second pass could file it again.")
            elif answer == "R":
                say("  starting the flow again from a fresh page.")
                return OnError.RESTART
            elif answer.lower() == "p":
                if self.point_at is None:
                    say("  nothing to point at: this run cannot repair the site's knowledge.")
                elif self.point_at(ctx, error):
                    return OnError.RETRY
            elif answer.lower() == "i":
                open_inspector(ctx, say)
            elif answer.lower() == "q":
                return OnError.RAISE
            else:
                say(f"  unknown answer {answer!r}")

    def choices(self) -> str:
        offered = ["r retry the step"]
        if self.point_at is not None:
            offered.append("p point at the element")
        if not self.submit_reached:
            offered.append("R restart from a fresh page")
        return ", ".join([*offered, "i inspector", "q quit"])
