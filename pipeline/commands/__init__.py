"""The ``catalog`` subcommands, one module each, each exposing ``register`` and ``run``.

``register(subparsers)`` adds the command's parser; ``run(args) -> int`` carries it out and
returns the exit status. ``pipeline.cli`` lists them in ``COMMANDS``.
"""
