"""The command line of ``bot.py``: one argparse tree (:mod:`cli.main`), each command in its
own module declaring its options and its body with ``register(commands)``."""
