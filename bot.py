#!/usr/bin/env python3
"""Bot đôn đốc nhiệm vụ — the entry point.

Reads the tasks assigned by Vietnamese Government conclusion notices, reminds each agency's
focal point before every deadline on Telegram, chases after it, and takes /done and /late
replies from the chat. The command line is the ``cli`` package (``python bot.py --help``);
the product is put together in the ``wiring`` package.
"""

from __future__ import annotations

import sys

from cli.main import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
