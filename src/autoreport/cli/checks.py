"""Checks of an option's value when the command line is read (click callbacks and types), so that a
bad one is refused (exit 2, naming the option) before anything starts."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from autoreport.errors import InvalidInput


def order_number_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An order number (--dispute-order, `coupons ORDER`) is checked as a spec's is, before a browser starts."""
    if value is None:
        return None
    from pydantic import TypeAdapter, ValidationError

    from autoreport.spec import OrderNumber

    try:
        return TypeAdapter(OrderNumber).validate_python(value)
    except ValidationError as invalid:
        raise click.BadParameter(invalid.errors()[0]["msg"]) from None


def checked_by(check: Callable[[Path], Path]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback: the value passes `check` (one of state.py's) or the option is refused when
    the command line is read, before anything starts. A value from the environment is named so."""

    def callback(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        envvar = param.envvar if isinstance(param.envvar, str) else None
        if value is None:
            # click takes a variable set to nothing for one not set; the user meant something else.
            if envvar and os.environ.get(envvar) == "":
                raise click.BadParameter(EMPTY_PATH, ctx, param, param_hint=f"{param.get_error_hint(ctx)} "
                                                                            f"(from {envvar})")
            return None
        try:
            return check(value)
        except InvalidInput as invalid:
            raise click.BadParameter(str(invalid), ctx, param, param_hint=error_hint(ctx, param)) from None

    return callback


def error_hint(ctx: click.Context, param: click.Parameter) -> str:
    """How a refusal names the option: `'--tracing'`, or `'--tracing' (from AUTOREPORT_TRACING)` when
    the value came from the environment, where a user would otherwise look for it on the command line."""
    hint = param.get_error_hint(ctx)
    if isinstance(param.envvar, str) and ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT:
        hint += f" (from {param.envvar})"
    return hint


EMPTY_PATH = "the path is empty"


class GivenPath(click.Path):
    """A path option's value; an empty one is refused, where Path("") would be the current folder."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail(EMPTY_PATH, param, ctx)
        return super().convert(value, param, ctx)


class Choice(click.Choice):
    """One of a few words; refused from the environment, the variable is named, as the option would be."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as refused:
            if param is not None and ctx is not None:
                refused.param_hint = error_hint(ctx, param)
            raise


class FiniteFloat(click.FloatRange):
    """A number in a range, and a real one: float() reads "nan" and "inf", and nan passes every
    comparison a range makes."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


def refuse_base_url_off_the_mock(site: str, base_url: str | None) -> None:
    """--base-url names a mock: with the live site it would be ignored, so it is refused instead."""
    if base_url and site != "mock":
        raise click.UsageError("--base-url only applies to --site mock")


def refuse_visible_without_display(needs: str, otherwise: str) -> None:
    """A visible browser cannot open without a display: refused before any browser starts, naming
    what asked for one (`needs`), rather than failing at the launch."""
    from autoreport.browser.discovery import display_available

    if not display_available():
        raise click.UsageError(f"{needs} needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; {otherwise}")


def base_url_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--base-url must be a web address a browser can open: checked before a browser starts."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as invalid:
        raise click.BadParameter(f"{value!r} is not a valid URL ({invalid})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not a web address: give it as http://host:port")
    return value
