"""Building the product from its parts (used by ``bot.py``, the demo and the end-to-end tests).

core       everything but Telegram: storage, the registry, the planner, the use cases and
           start-up's preparation (``Core``, ``build_core``)
product    the running bot: the PTB application, the reminder runner, the health monitor
           and how updates come in (``Product``, ``build_product``)
parts      the runner's sweeps and pass hooks and the chat's extensions, from the settings
run_loop   running until a signal or a refused token, and an event loop that ends
           (``run_to_the_end``)
logs       the log, the token removed from every line
"""

from __future__ import annotations

from wiring.core import ROOT, SEEDS, Core, build_core, policy_of
from wiring.logs import LOG_FORMAT, RedactSecrets, configure_logging
from wiring.parts import (
    escalator,
    leadership_summary,
    leadership_terms,
    office_digest,
    report_chat,
    teller,
    weekly_digest,
)
from wiring.product import (
    ALLOWED_UPDATES,
    SEND_TIMEOUT,
    Product,
    build_product,
    election_seconds,
    intake_for,
)
from wiring.run_loop import (
    WIND_DOWN,
    TokenRefused,
    run_to_the_end,
    run_until_signalled,
    settle_start_up,
)

__all__ = [
    "ALLOWED_UPDATES",
    "LOG_FORMAT",
    "ROOT",
    "SEEDS",
    "SEND_TIMEOUT",
    "WIND_DOWN",
    "Core",
    "Product",
    "RedactSecrets",
    "TokenRefused",
    "build_core",
    "build_product",
    "configure_logging",
    "election_seconds",
    "escalator",
    "intake_for",
    "leadership_summary",
    "leadership_terms",
    "office_digest",
    "policy_of",
    "report_chat",
    "run_to_the_end",
    "run_until_signalled",
    "settle_start_up",
    "teller",
    "weekly_digest",
]
