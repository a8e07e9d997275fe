"""Entry point of the packaged ``curator`` (windowed) executable."""

from curator.gui.app import main

raise SystemExit(main())
