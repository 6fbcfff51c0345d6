"""The control API tests and the demo drive the emulator with (nothing here blocks): simulated
users acting (``acting``), inspection and waits (``inspection``) and failure injection
(``trouble``)."""

from __future__ import annotations

from botapi_emulator.inspection import Inspection
from botapi_emulator.trouble import FailureInjection


class EmulatorControl(FailureInjection, Inspection):
    """Simulated users acting, inspection, waits and failure injection."""
