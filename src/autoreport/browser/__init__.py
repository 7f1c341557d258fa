"""Playwright plumbing, knowing no site and no flow: finding a browser (discovery), Playwright's
driver, where a browser comes from (providers: launched here, over CDP, a browser server; the shared
server of a batch), THE context factory (contexts), one thread's browser (session), and what
Playwright's errors mean (failures)."""
