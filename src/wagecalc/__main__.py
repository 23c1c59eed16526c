"""``python -m wagecalc`` runs the CLI."""

from wagecalc.cli import main

raise SystemExit(main())
