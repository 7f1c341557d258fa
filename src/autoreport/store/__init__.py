"""What outlives a run: the state folder and its saved sessions, the ledger, the complaint locks."""
