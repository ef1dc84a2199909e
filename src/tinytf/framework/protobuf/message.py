"""A small protobuf runtime: messages declared as field tables, with the protobuf library's
Python API (attribute access, `add()`, maps, `HasField`, `SerializeToString`...).

Messages are proto3, as TensorFlow's are: zero scalars are not written, repeated numbers
are packed (both packed and unpacked forms are read), a oneof's member is written even when
zero, and a submessage exists once one of its fields is set (or `SetInParent()`). Unknown
fields are skipped when reading. Parsing only builds values: nothing read is executed.
"""

from __future__ import annotations

from tinytf.framework.protobuf import field_codec, wire

_DEFAULTS = {"float": 0.0, "double": 0.0, "string": "", "bytes": b"", "bool": False}


class Field:
    """One field of a message: its number, name, kind and (for messages) its type.

    `kind` is a scalar kind ("int64", "float", "string", "enum"...) or "message"; `label`
    is "optional", "repeated" or "map" (a map from strings to values of `kind`).
    `message` is a class, or a function returning one (for recursive messages).
    """

    def __init__(self, number, name, kind, label="optional", message=None, oneof=None, enum=None):
        self.number, self.name, self.kind, self.label = number, name, kind, label
        self._message, self.oneof, self.enum = message, oneof, enum

    @property
    def message(self):
        if self._message is not None and not isinstance(self._message, type):
            self._message = self._message()
        return self._message

    @property
    def default(self):
        return _DEFAULTS.get(self.kind, 0)

    def checked(self, value):
        """`value` as this scalar field holds it; TypeError as the protobuf library's."""
        kind = self.kind
        if kind == "string":
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            if isinstance(value, str):
                return value
        elif kind == "bytes":
            if isinstance(value, str):
                value = value.encode("utf-8")
            if isinstance(value, (bytes, bytearray)):
                return bytes(value)
        elif kind in ("float", "double"):
            if not isinstance(value, (str, bytes)):
                return float(value)
        elif kind == "bool":
            if not isinstance(value, (str, bytes)):
                return bool(value)
        elif not isinstance(value, (str, bytes)) and (
            not isinstance(value, float) or value.is_integer()
        ):
            try:
                return int(value)
            except (TypeError, ValueError):
                pass
        raise TypeError(
            f"{value!r} has type {type(value).__name__}, but expected one of: {kind} "
            f"(field {self.name})"
        )


class RepeatedField(list):
    """A repeated field: a list that marks its message present when it changes."""

    def __init__(self, owner: Message, field: Field):
        super().__init__()
        self._owner, self._field = owner, field

    def add(self, **fields):
        """A new message appended to this repeated message field."""
        item = self._field.message(**fields)
        super().append(item)
        self._owner._mark_present()
        return item

    def append(self, value):
        super().append(self._item(value))
        self._owner._mark_present()

    def extend(self, values):
        super().extend(self._item(value) for value in values)
        self._owner._mark_present()

    def _item(self, value):
        if self._field.kind != "message":
            return self._field.checked(value)
        copy = self._field.message()
        copy.CopyFrom(value)
        return copy


class MapField(dict):
    """A map from strings to messages or scalars: reading a missing key adds an empty
    message (or the scalar's default), as the protobuf library's maps do."""

    def __init__(self, owner: Message, field: Field):
        super().__init__()
        self._owner, self._field = owner, field

    def __missing__(self, key):
        field = self._field
        value = field.message() if field.kind == "message" else field.default
        super().__setitem__(key, value)
        self._owner._mark_present()
        return value

    def __setitem__(self, key, value):
        if self._field.kind == "message":
            raise ValueError("Direct assignment of submessage not allowed")
        super().__setitem__(key, self._field.checked(value))
        self._owner._mark_present()

    def get_or_create(self, key):
        return self[key]


class Message:
    """Base of the messages: subclasses list their `FIELDS`."""

    FIELDS: tuple[Field, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._by_name = {field.name: field for field in cls.FIELDS}
        cls._by_number = {field.number: field for field in cls.FIELDS}
        cls._ordered = sorted(cls.FIELDS, key=lambda field: field.number)
        cls._oneofs = {}
        for field in cls.FIELDS:
            if field.oneof:
                cls._oneofs.setdefault(field.oneof, []).append(field.name)

    def __init__(self, **fields):
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_parent", None)
        object.__setattr__(self, "_present", False)
        object.__setattr__(self, "_chosen", {})
        for name, value in fields.items():
            field = self._field(name)
            if field.label == "repeated":
                getattr(self, name).extend(value)
            elif field.label == "map" and field.kind != "message":
                getattr(self, name).update(value)
            elif field.label == "map":
                for key, item in dict(value).items():
                    getattr(self, name)[key].CopyFrom(item)
            elif field.kind == "message":
                getattr(self, name).CopyFrom(value)
            else:
                setattr(self, name, value)

    @classmethod
    def _field(cls, name: str) -> Field:
        try:
            return cls._by_name[name]
        except KeyError:
            raise AttributeError(f"{cls.__name__} has no field {name!r}") from None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        field = self._field(name)
        values = self._values
        if name in values:
            return values[name]
        if field.label == "map":
            value = values[name] = MapField(self, field)
        elif field.label == "repeated":
            value = values[name] = RepeatedField(self, field)
        elif field.kind == "message":
            value = values[name] = field.message()
            object.__setattr__(value, "_parent", (self, field))
        else:
            return field.default
        return value

    def __setattr__(self, name, value):
        field = self._field(name)
        if field.label != "optional" or field.kind == "message":
            raise AttributeError(
                f"Assignment not allowed to field {name!r} in protocol message object."
            )
        self._values[name] = field.checked(value)
        self._chose(field)
        self._mark_present()

    def _chose(self, field: Field) -> None:
        """Records `field` as its oneof's member, dropping the member set before."""
        if field.oneof:
            previous = self._chosen.get(field.oneof)
            if previous is not None and previous != field.name:
                self._values.pop(previous, None)
            self._chosen[field.oneof] = field.name

    def _mark_present(self) -> None:
        message = self
        while message._parent is not None and not message._present:
            object.__setattr__(message, "_present", True)
            parent, field = message._parent
            parent._chose(field)
            message = parent
        object.__setattr__(message, "_present", True)

    def _is_set(self, field: Field) -> bool:
        value = self._values.get(field.name)
        if value is None:
            return False
        if field.label != "optional":
            return len(value) > 0
        if field.kind == "message":
            return value._present
        if field.oneof:
            return self._chosen.get(field.oneof) == field.name
        return value != field.default

    def HasField(self, name: str) -> bool:  # noqa: N802 (the protobuf library's name)
        if name in self._oneofs:
            return name in self._chosen
        return self._is_set(self._field(name))

    def WhichOneof(self, group: str):  # noqa: N802
        return self._chosen.get(group)

    def ClearField(self, name: str) -> None:  # noqa: N802
        field = self._field(name)
        value = self._values.pop(name, None)
        if isinstance(value, Message):
            object.__setattr__(value, "_parent", None)
        if field.oneof and self._chosen.get(field.oneof) == name:
            del self._chosen[field.oneof]

    def Clear(self) -> None:  # noqa: N802
        self._values.pop("_unknown", None)
        for name in list(self._values):
            self.ClearField(name)

    def SetInParent(self) -> None:  # noqa: N802
        self._mark_present()

    def ListFields(self):  # noqa: N802
        return [(field, self._values[field.name]) for field in self._ordered if self._is_set(field)]

    def CopyFrom(self, other: Message) -> None:  # noqa: N802
        if other is self:
            return
        if not isinstance(other, Message) or type(other).FIELDS is not type(self).FIELDS:
            raise TypeError(
                f"Parameter to CopyFrom() must be instance of same class: expected "
                f"{type(self).__name__} got {type(other).__name__}."
            )
        self.Clear()
        self.MergeFromString(other.SerializeToString())
        self._mark_present()

    def MergeFrom(self, other: Message) -> None:  # noqa: N802
        self.MergeFromString(other.SerializeToString())
        self._mark_present()

    def ParseFromString(self, data: bytes) -> int:  # noqa: N802
        self.Clear()
        return self.MergeFromString(data)

    @classmethod
    def FromString(cls, data: bytes):  # noqa: N802
        message = cls()
        message.MergeFromString(data)
        return message

    def MergeFromString(self, data) -> int:  # noqa: N802
        data = bytes(data)
        for number, value, raw in wire.iterate_fields_with_bytes(data):
            field = self._by_number.get(number)
            if field is not None:
                self._read(field, value)
            else:  # kept as written, as the protobuf library keeps unknown fields
                self._values.setdefault("_unknown", []).append(raw)
        self._mark_present()  # as the protobuf library: parsing even b"" sets a submessage
        return len(data)

    def _read(self, field: Field, value) -> None:
        if field.label == "map":
            key, item = field_codec.read_map_entry(value)
            entries = getattr(self, field.name)
            if field.kind == "message":
                entries[key].MergeFromString(wire._message(item or b""))
            else:
                entries[key] = (
                    field.default if item is None else field_codec.read_scalar(field.kind, item)
                )
        elif field.kind == "message":
            if field.label == "repeated":
                getattr(self, field.name).add().MergeFromString(wire._message(value))
            else:
                child = getattr(self, field.name)
                child.MergeFromString(wire._message(value))
                child._mark_present()
        elif field.label == "repeated":
            if isinstance(value, bytes) and field.kind not in ("string", "bytes"):
                getattr(self, field.name).extend(field_codec.read_packed(field.kind, value))
            else:
                getattr(self, field.name).append(field_codec.read_scalar(field.kind, value))
        else:
            setattr(self, field.name, field_codec.read_scalar(field.kind, value))

    def SerializeToString(self, deterministic=None) -> bytes:  # noqa: N802
        parts = []
        for field in self._ordered:
            if self._is_set(field):
                parts.append(field_codec.encode_field(field, self._values[field.name]))
        parts.extend(self._values.get("_unknown", ()))
        return b"".join(parts)

    def ByteSize(self) -> int:  # noqa: N802
        return len(self.SerializeToString())

    def __eq__(self, other) -> bool:
        """Equal contents; `other` may be the protobuf library's message of the same type."""
        if not hasattr(other, "SerializeToString") or type(other).__name__ != type(self).__name__:
            return NotImplemented
        if type(other) is not type(self):  # map entries may come in another order
            other = type(self).FromString(other.SerializeToString())
        return self.SerializeToString() == other.SerializeToString()

    __hash__ = None

    def __str__(self) -> str:
        from tinytf.framework.protobuf import text_format

        return text_format.to_text(self)

    def __repr__(self) -> str:
        return str(self)

    def __deepcopy__(self, memo):
        copy = type(self)()
        copy.MergeFromString(self.SerializeToString())
        return copy

    def __reduce__(self):
        return type(self).FromString, (self.SerializeToString(),)
