from talentledger.cli import main

main()
