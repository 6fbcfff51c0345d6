"""The control API tests and the demo drive the emulator with (nothing here blocks): simulated
users acting (``acting``; photos, stickers, voice and the other media in ``media``),
inspection and waits (``inspection``) and failure injection (``trouble``)."""

from __future__ import annotations

from botapi_emulator.inspection import Inspection
from botapi_emulator.media import MediaActions
from botapi_emulator.trouble import FailureInjection


class EmulatorControl(FailureInjection, Inspection, MediaActions):
    """Simulated users acting, inspection, waits and failure injection."""
