"""python -m graphbuild"""

from graphbuild.cli import main

main()
