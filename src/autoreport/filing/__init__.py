"""Filing complaints: a run's batch of workers (batch), one complaint's protocol (complaint), the
guards around the submit (guards), and what each complaint's filing ends as (result). A run's options
live in autoreport.options, which the command line builds before this package is imported. Nothing is
imported here: a module that needs only a result (the terminal, `history`) does not load the browser's."""
