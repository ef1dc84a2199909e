"""`device_lib.list_local_devices()`: the one device tinytf runs on, the CPU."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeviceAttributes:
    """TensorFlow's DeviceAttributes message, with the fields programs print and compare."""

    name: str
    device_type: str
    memory_limit: int
    incarnation: int = 0
    physical_device_desc: str = ""

    def __str__(self) -> str:
        return (
            f'name: "{self.name}"\ndevice_type: "{self.device_type}"\n'
            f"memory_limit: {self.memory_limit}\nlocality {{\n}}\n"
            f"incarnation: {self.incarnation}\n"
        )


def list_local_devices(session_config=None) -> list[DeviceAttributes]:
    """The devices a Session can use: tinytf runs on the CPU only, so one CPU device (the
    memory limit is TensorFlow's figure for the CPU device, 256 MiB)."""
    return [DeviceAttributes("/device:CPU:0", "CPU", 268435456)]
