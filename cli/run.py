"""``bot.py run`` (the default): the bot itself, long polling, until a signal stops it or the
Bot API refuses its token."""

from __future__ import annotations

import argparse
import sys

from cli.support import Commands, Streams, clock_of, settings_of
from domain.errors import ConfigError

_EPILOG = """\
exit status: 0 stopped by SIGINT or SIGTERM; 1 the Bot API could not be reached at start-up,
or the bot failed; 2 a configuration error, or the Bot API refused the token (at start-up,
or while running: revoked or changed in @BotFather; the bot stops cleanly, the messages not
yet sent stay queued for the next start)"""


def register(commands: Commands) -> None:
    commands.add(
        "run",
        handler=handle,
        help="run the bot (polling); the default",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def handle(args: argparse.Namespace, streams: Streams) -> int:
    import logging
    import traceback

    from telegram.error import InvalidToken, TelegramError

    from chat.redaction import RedactingStream, redact, register_secret
    from wiring import (
        TokenRefused,
        build_core,
        build_product,
        configure_logging,
        run_to_the_end,
        run_until_signalled,
        settle_start_up,
    )

    clock = clock_of(args)
    settings = settings_of(args, require_bot=True)
    speed = args.clock_speed if args.clock_start else 1.0
    # Whatever reaches the console from here on (logs, warnings, a traceback) is redacted.
    register_secret(settings.token)
    sys.stderr = RedactingStream(sys.stderr)
    sys.stdout = RedactingStream(sys.stdout)
    configure_logging(settings)
    try:
        product = build_product(build_core(settings, clock), speed=speed)
        run_to_the_end(run_until_signalled(product, started=settle_start_up))
    except TokenRefused:
        return 2  # revoked while running: said in the log, the bot stopped cleanly
    except InvalidToken:
        # PTB's message quotes the token: say what is wrong without it (401 or a 404 of a
        # base URL that is not a Bot API server both end here).
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN",
            f"the Bot API at {settings.api_base_url} rejected the token (401/404): check "
            "TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL",
        ) from None
    except TelegramError as error:
        print(f"bot.py: the Bot API could not be reached: {redact(str(error))}", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger("bot").error("the bot stopped: %s", redact(traceback.format_exc()))
        return 1
    return 0
