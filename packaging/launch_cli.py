"""Entry point of the packaged ``curator-cli`` (console) executable."""

import multiprocessing

from curator.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes of large files start through here
    main()
