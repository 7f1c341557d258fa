"""Step-through debug mode: pause before each named step, and pause on failure, in a visible browser.

Prompts read from an injectable stream so tests can script a session. On a terminal a prompt
reads one key; from a pipe it reads one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO

from autoreport.errors import first_line
from autoreport.flow.runner import Abort, FlowHooks, OnError, Skip
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

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

    def _interactive(self) -> bool:
        return self.stream is sys.stdin and self.stream.isatty()

    def key(self, question: str) -> str:
        """One key: Enter gives ''."""
        self.say(question)
        if self._interactive():
            import click

            pressed = click.getchar()
            return "" if pressed in ("\r", "\n") else pressed.lower()
        return self.line_answer()

    def line(self, question: str) -> str:
        self.say(question)
        return self.line_answer()

    def line_answer(self) -> str:
        answer = self.stream.readline()
        if answer == "":  # end of input: nobody is there to answer, so stop safely
            raise Abort("no more answers on the input")
        return answer.strip().lower()


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
            answer = self.prompter.key(f"  [{choices}]")
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
    """A failed step keeps the browser open and asks: retry the step, open the Inspector, or quit."""

    def __init__(self, prompter: Prompter):
        self.prompter = prompter

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        self.prompter.say(f"{step.name} failed: {first_line(error)}")
        if not step.repeatable:
            # Clicking submit again could file a second complaint; the site is checked instead.
            self.prompter.say("  the complaint may have reached the site: it is looked up there, not sent again.")
            return OnError.RAISE
        while True:
            answer = self.prompter.key("  [r retry the step, i inspector, q quit]")
            if answer == "r":
                return OnError.RETRY
            if answer == "i":
                open_inspector(ctx, self.prompter.say)
            elif answer == "q":
                return OnError.RAISE
            else:
                self.prompter.say(f"  unknown answer {answer!r}")
