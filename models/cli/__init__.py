"""The `tarjama` command line. Each package adds subcommands through a `register(subparsers)` function."""
