from qualitas.cli import main

main()
