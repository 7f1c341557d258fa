"""The command's entry point, for `autoreport` and `python -m autoreport`. The command line's module is
imported under a Ctrl-C guard: a Ctrl-C in the first moments, while Python loads it, ends the command
with one line and exit 130, as later ones do, not with a traceback."""

import sys


def main() -> None:
    try:
        from autoreport.cli import main as command
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)  # ExitStatus.INTERRUPTED, not imported: it is the errors module loading that was stopped
    command()


if __name__ == "__main__":
    main()
