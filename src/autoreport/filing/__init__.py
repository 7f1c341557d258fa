"""Filing complaints: the run's options, its batch of workers, one complaint's protocol, the guards
around the submit, and what each complaint's filing ends as."""

from autoreport.filing.batch import (
    ComplaintFiler,
    SpecFile,
    SpecsInvalid,
    StoppedOutright,
    load_spec_files,
    site_base_url,
)
from autoreport.filing.options import RunOptions
from autoreport.filing.result import ComplaintResult, Outcome, worst_exit_status

__all__ = ["ComplaintFiler", "ComplaintResult", "Outcome", "RunOptions", "SpecFile", "SpecsInvalid", "StoppedOutright",
           "load_spec_files", "site_base_url", "worst_exit_status"]
