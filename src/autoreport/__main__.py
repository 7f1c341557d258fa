from autoreport.cli import main

main()
