from siamlint.cli import main

main()
