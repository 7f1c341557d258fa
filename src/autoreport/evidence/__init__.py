"""Evidence files: what they hold (by content), what a site takes, and the copies a run uploads."""
