"""`tf.flags` (also `tf.app.flags`): command-line flags as TensorFlow 1.x programs define them.

`DEFINE_string("data_dir", "/tmp", "help")` declares a flag; `FLAGS.data_dir` reads it,
parsing `sys.argv` on first read as TensorFlow 1.x's FLAGS did (absl's would refuse), and
`tf.app.run()` parses it before calling `main`. Accepted forms: `--name=value`,
`--name value`, `--flag`/`--noflag` for booleans, and `--` to end the flags.
"""

import sys

from tinytf._unsupported import unsupported_hook as _unsupported_hook


class Error(Exception):
    """The base class of flag errors."""


class UnrecognizedFlagError(Error):
    def __init__(self, flagname: str, flagvalue: str = "") -> None:
        super().__init__(f"Unknown command line flag '{flagname}'")
        self.flagname = flagname
        self.flagvalue = flagvalue


class IllegalFlagValueError(Error):
    pass


class DuplicateFlagError(Error):
    pass


_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")


class Flag:
    """One flag: its name, help text, default and current value, and how to parse text."""

    def __init__(self, name: str, default, help_text: str, parse, kind: str) -> None:
        self.name = name
        self.help = help_text
        self.kind = kind
        self._parse = parse
        self.default = None if default is None else self.parse(default)
        self.value = self.default
        self.present = 0

    boolean = property(lambda self: self.kind == "bool")

    def parse(self, text):
        try:
            return self._parse(text)
        except (TypeError, ValueError) as error:
            raise IllegalFlagValueError(f"flag --{self.name}={text}: {error}") from None


class FlagValues:
    """The registry of defined flags; attribute access reads (and sets) their values."""

    def __init__(self) -> None:
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False

    def define(self, flag: Flag) -> None:
        if flag.name in self._flags:
            raise DuplicateFlagError(
                f"The flag '{flag.name}' is defined twice. Rename one of them, or define it "
                "only once (re-running a notebook cell defines it again)."
            )
        self._flags[flag.name] = flag

    def __getattr__(self, name: str):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self._parsed:
            self(sys.argv)
        return flags[name].value

    def __setattr__(self, name: str, value) -> None:
        if name not in self._flags:
            raise AttributeError(f"Flag --{name} is not defined; define it with DEFINE_*.")
        self._flags[name].value = value

    def __call__(self, argv, known_only: bool = False) -> list:
        """Parses flags from `argv` (argv[0] is the program); returns argv[0], the
        positional arguments and, with `known_only`, the unknown flags."""
        argv = list(argv)
        remaining, arguments = argv[:1], iter(argv[1:])
        for argument in arguments:
            if argument == "--":
                remaining.extend(arguments)
                break
            if not argument.startswith("-") or argument == "-":
                remaining.append(argument)
                continue
            name, has_value, value = argument.lstrip("-").partition("=")
            if name in ("help", "helpshort", "helpfull", "h") and name not in self._flags:
                print(self.help_text())
                raise SystemExit(0)
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not has_value:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.boolean:
                    negated.value, negated.present = False, 1
                    continue
            if flag is None:
                if known_only:
                    remaining.append(argument)
                    continue
                raise UnrecognizedFlagError(name, value)
            if not has_value:
                if flag.boolean:
                    value = "true"
                else:
                    value = next(arguments, None)
                    if value is None:
                        raise Error(f"Flag --{name} must have a value other than None.")
            flag.value, flag.present = flag.parse(value), 1
        self.__dict__["_parsed"] = True
        return remaining

    def is_parsed(self) -> bool:
        return self._parsed

    def mark_as_parsed(self) -> None:
        self.__dict__["_parsed"] = True

    def unparse_flags(self) -> None:
        for flag in self._flags.values():
            flag.value, flag.present = flag.default, 0
        self.__dict__["_parsed"] = False

    def flag_values_dict(self) -> dict:
        return {name: flag.value for name, flag in self._flags.items()}

    def help_text(self) -> str:
        lines = [f"{sys.argv[0]}:" if sys.argv else "flags:"]
        for name, flag in sorted(self._flags.items()):
            lines.append(f"  --{name}: {flag.help}\n    (default: {flag.default!r})")
        return "\n".join(lines)

    def __getitem__(self, name: str) -> Flag:
        return self._flags[name]

    def __contains__(self, name: str) -> bool:
        return name in self._flags

    def __iter__(self):
        return iter(self._flags)

    def __len__(self) -> int:
        return len(self._flags)

    def __dir__(self) -> list:
        return sorted(self._flags)


FLAGS = FlagValues()


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError("Non-boolean argument to boolean flag")


def _bounded(convert, lower_bound, upper_bound):
    def parse(text):
        number = convert(text)
        if lower_bound is not None and number < lower_bound:
            raise ValueError(f"{number} is not >= {lower_bound}")
        if upper_bound is not None and number > upper_bound:
            raise ValueError(f"{number} is not <= {upper_bound}")
        return number

    return parse


def _define(name, default, help, parse, kind, flag_values=None, **old_names):  # noqa: A002
    # TensorFlow 1.x also accepted flag_name=, default_value=, docstring=.
    name = old_names.pop("flag_name", name)
    default = old_names.pop("default_value", default)
    help = old_names.pop("docstring", help)  # noqa: A001
    (flag_values if flag_values is not None else FLAGS).define(
        Flag(name, default, help, parse, kind)
    )


def DEFINE_string(name=None, default=None, help=None, flag_values=None, **kwargs):  # noqa: A002, N802
    _define(name, default, help, str, "string", flag_values, **kwargs)


def DEFINE_boolean(name=None, default=None, help=None, flag_values=None, **kwargs):  # noqa: A002, N802
    _define(name, default, help, _boolean, "bool", flag_values, **kwargs)


DEFINE_bool = DEFINE_boolean


def DEFINE_integer(
    name=None,
    default=None,
    help=None,
    lower_bound=None,  # noqa: A002, N802
    upper_bound=None,
    flag_values=None,
    **kwargs,
):
    _define(
        name,
        default,
        help,
        _bounded(int, lower_bound, upper_bound),
        "integer",
        flag_values,
        **kwargs,
    )


def DEFINE_float(
    name=None,
    default=None,
    help=None,
    lower_bound=None,  # noqa: A002, N802
    upper_bound=None,
    flag_values=None,
    **kwargs,
):
    _define(
        name,
        default,
        help,
        _bounded(float, lower_bound, upper_bound),
        "float",
        flag_values,
        **kwargs,
    )


def DEFINE_enum(name, default, enum_values, help=None, flag_values=None, **kwargs):  # noqa: A002, N802
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text

    _define(name, default, help, parse, "enum", flag_values, **kwargs)


def DEFINE_list(name, default, help=None, flag_values=None, **kwargs):  # noqa: A002, N802
    def parse(text):
        if isinstance(text, list):
            return text
        return [item.strip() for item in text.split(",") if item.strip()]

    _define(name, default, help, parse, "list", flag_values, **kwargs)


__all__ = [
    "DEFINE_bool",
    "DEFINE_boolean",
    "DEFINE_enum",
    "DEFINE_float",
    "DEFINE_integer",
    "DEFINE_list",
    "DEFINE_string",
    "DuplicateFlagError",
    "Error",
    "FLAGS",
    "Flag",
    "FlagValues",
    "IllegalFlagValueError",
    "UnrecognizedFlagError",
]

__getattr__ = _unsupported_hook("tf.flags", globals())
