"""How a prompt reads an answer: one key on a terminal (a pseudo-terminal here, written to as a
person or a terminal multiplexer would type), one line from a pipe."""

from __future__ import annotations

import io
import os
import termios
import threading
import time

import pytest

from autoreport.flow.runner import Abort
from autoreport.flow.step_through import Prompter


@pytest.fixture
def terminal():
    """A prompter reading from a pseudo-terminal, and the function that types into it."""
    typing_end, prompt_end = os.openpty()
    stream = open(prompt_end, encoding="utf-8")  # noqa: SIM115 - closed when the test ends

    def type_in(text: str) -> None:
        os.write(typing_end, text.encode())

    yield Prompter(stream, say=lambda text: None), type_in
    stream.close()
    os.close(typing_end)


def test_a_key_sent_with_its_enter_is_that_key_and_the_enter_is_gone(terminal):
    prompter, type_in = terminal
    type_in("r\n")  # as a terminal multiplexer sends it: in one write
    assert prompter.key("?") == "r"
    type_in("q")
    assert prompter.key("?") == "q"


def test_what_comes_after_the_line_end_is_the_next_answer(terminal):
    prompter, type_in = terminal
    type_in("R\nx")
    assert prompter.key("?") == "R"
    assert prompter.key("?") == "x"


def test_an_enter_typed_later_is_an_answer_of_its_own(terminal):
    prompter, type_in = terminal
    type_in("x")
    assert prompter.key("?") == "x"  # given once nothing more came within a moment
    type_in("\n")
    assert prompter.key("?") == ""


@pytest.mark.parametrize("enter", ["\n", "\r"])
def test_enter_alone_is_the_empty_answer(terminal, enter):
    prompter, type_in = terminal
    type_in(enter)
    assert prompter.key("?") == ""


def test_keys_keep_their_case_and_may_take_several_bytes(terminal):
    prompter, type_in = terminal
    type_in("R\n")
    assert prompter.key("?") == "R"
    type_in("é\n")
    assert prompter.key("?") == "é"


def test_the_terminal_is_left_as_it_was(terminal):
    prompter, type_in = terminal
    fd = prompter.stream.fileno()
    before = termios.tcgetattr(fd)
    type_in("r\n")
    prompter.key("?")
    assert termios.tcgetattr(fd) == before
    type_in("yes\n")  # a line prompt after a key prompt reads the line as typed
    assert prompter.line("?") == "yes"


def typed_while_it_waits(prompter: Prompter, type_in, text: str) -> BaseException:
    """What a key prompt raises when `text` is typed while it waits (typed ahead, the terminal's
    own line editing would have taken the control keys)."""
    raised = []

    def ask():
        try:
            prompter.key("?")
        except BaseException as error:  # noqa: BLE001 - what the prompt raised is the answer
            raised.append(error)

    reader = threading.Thread(target=ask)
    reader.start()
    fd, deadline = prompter.stream.fileno(), time.monotonic() + 10
    while termios.tcgetattr(fd)[3] & termios.ICANON:  # until the prompt reads keys
        assert time.monotonic() < deadline, "the prompt never switched the terminal to keys"
        time.sleep(0.001)
    type_in(text)
    reader.join(timeout=10)
    assert not reader.is_alive(), "the prompt is still waiting"
    (error,) = raised
    return error


def test_ctrl_c_at_a_key_prompt_interrupts(terminal):
    assert isinstance(typed_while_it_waits(*terminal, "\x03"), KeyboardInterrupt)


def test_ctrl_d_at_a_key_prompt_ends_the_answers(terminal):
    ended = typed_while_it_waits(*terminal, "\x04")
    assert isinstance(ended, Abort) and str(ended) == "no more answers on the input"


@pytest.mark.parametrize(("line", "key"), [("r\n", "r"), ("R\n", "R"), ("\n", ""), (" p \n", "p"), ("yes\n", "y")])
def test_from_a_pipe_one_line_is_one_answer_and_its_first_character_the_key(line, key):
    prompter = Prompter(io.StringIO(line + "q\n"), say=lambda text: None)
    assert prompter.key("?") == key
    assert prompter.key("?") == "q"


def test_a_line_answer_from_a_pipe_is_folded_to_lower_case():
    assert Prompter(io.StringIO("YES\n"), say=lambda text: None).line("?") == "yes"
