"""Filing complaints: a run's batch of workers, one complaint's protocol, the guards around the
submit, and what each complaint's filing ends as. A run's options live in
autoreport.options, which the command line builds before this package is imported."""

from autoreport.filing.batch import (
    ComplaintFiler,
    SpecsInvalid,
    StoppedOutright,
    load_spec_files,
)
from autoreport.filing.result import ComplaintResult, Outcome, worst_exit_status
from autoreport.filing.spec_file import SpecFile

__all__ = ["ComplaintFiler", "ComplaintResult", "Outcome", "SpecFile", "SpecsInvalid", "StoppedOutright",
           "load_spec_files", "worst_exit_status"]
