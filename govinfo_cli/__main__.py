from govinfo_cli.entry import main

main()
