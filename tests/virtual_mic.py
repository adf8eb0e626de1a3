"""A private virtual microphone on the PulseAudio server that scripts/virtual-mic starts.

Tests and scripts that play audio into the microphone add their own null sink next to the
shared ``rehearse_mic`` one, so audio played by other tests or tools running at the same time
stays out of their recording. libpulse (behind ALSA's pulse plugin, behind PortAudio) opens
``PULSE_SINK`` / ``PULSE_SOURCE`` by default, and paplay plays into ``PULSE_SINK``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SHARED_SINK = "rehearse_mic"
FIXED_SERVER = f"unix:/tmp/rehearse-pulse-{os.getuid()}/native"


class NoVirtualMic(Exception):
    """The sound server or its sink is missing; the message says how to start it."""


def pactl(server: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pactl", *args], capture_output=True, text=True, env={**os.environ, "PULSE_SERVER": server}, timeout=10
    )


def find_server() -> str:
    """``$PULSE_SERVER`` or scripts/virtual-mic's fixed socket, once its shared sink is loaded."""
    server = os.environ.get("PULSE_SERVER") or FIXED_SERVER
    try:
        if pactl(server, "info").returncode != 0:
            raise NoVirtualMic("no PulseAudio server: run scripts/virtual-mic start")
    except FileNotFoundError:
        raise NoVirtualMic("pactl not installed: apt install pulseaudio-utils, then scripts/virtual-mic start") from None
    if SHARED_SINK not in pactl(server, "list", "short", "sinks").stdout.split():
        raise NoVirtualMic(f"PulseAudio has no '{SHARED_SINK}' sink: run scripts/virtual-mic start")
    return server


@contextmanager
def private_sink(server: str, name: str) -> Iterator[str]:
    """A null sink of our own, made this process's default output and (its monitor) input."""
    sink = f"{name}_{os.getpid()}"
    loaded = pactl(server, "load-module", "module-null-sink", f"sink_name={sink}", "rate=16000", "channels=1")
    if loaded.returncode != 0:
        raise NoVirtualMic(f"cannot add a null sink: {loaded.stderr.strip()}")
    saved = {k: os.environ.get(k) for k in ("PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE")}
    os.environ.update(PULSE_SERVER=server, PULSE_SINK=sink, PULSE_SOURCE=f"{sink}.monitor")
    _rescan_devices()
    try:
        yield sink
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _rescan_devices()
        pactl(server, "unload-module", loaded.stdout.strip())


def _rescan_devices() -> None:
    if "sounddevice" in sys.modules:  # PortAudio scanned devices under another environment
        sd = sys.modules["sounddevice"]
        sd._terminate()
        sd._initialize()


def play(path: Path, sink: str) -> None:
    """Play a file into ``sink`` at real-time pace; returns when it has been played."""
    subprocess.run(["paplay", f"--device={sink}", str(path)], check=True, timeout=600)
