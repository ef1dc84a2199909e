"""`tf.app`: `tf.app.run()` parses the command-line flags and calls the program's `main`."""

import sys

from tinytf import flags
from tinytf._unsupported import unsupported_hook as _unsupported_hook


def run(main=None, argv=None):
    """Parses flags from `argv` (default sys.argv), then exits with `main(remaining_argv)`.

    As in TensorFlow 1.x, `main` defaults to the `main` function of the program being run,
    and arguments that are not defined flags are passed on to it rather than refused.
    """
    main = main or sys.modules["__main__"].main
    try:
        remaining = flags.FLAGS(sys.argv if argv is None else argv, known_only=True)
    except flags.Error as error:
        print(f"FATAL Flags parsing error: {error}", file=sys.stderr)
        sys.exit(1)
    sys.exit(main(remaining))


__all__ = ["flags", "run"]

__getattr__ = _unsupported_hook("tf.app", globals())
