"""Running a cleaning job: streams, files, folder trees and JSONL, with the report.

Modules: ``walk`` (the files under a folder), ``plan`` (which input goes where, refused
early when unsafe), ``resume`` (the state file that makes a rerun skip finished
outputs), ``options`` (how inputs are read and written), ``files`` (one input, as a
worker cleans it), ``jsonl`` (JSONL records), ``batch`` (many files over worker
processes), ``stream`` (stdin and single files, written as read), ``report`` (per-input
reports, totals and losses, the JSON report), ``audit`` (removed-lines records, diffs,
what changes first; spilled by workers, written in input order), ``outputs`` (the
report, removed-lines and diff writers of a run), ``watch`` (the hooks a run calls:
progress and messages), ``job`` (:class:`CleanJob` and :func:`run_job`: the one call
that runs it all).
"""

from .batch import clean_paths, clean_tree, run_jobs
from .files import clean_bytes, clean_job, output_bytes
from .job import CleanJob, learn_inputs, run_job
from .options import BatchOptions, default_jobs, describe_options
from .plan import Job, check_output_dir, check_paths, plan_paths, plan_tree
from .report import FileReport, ReportWriter, Summary
from .resume import STATE_FILE, fingerprint, prepare_output
from .walk import JSONL_GLOBS, TEXT_GLOBS, walk
from .watch import Watcher

__all__ = [
    "JSONL_GLOBS",
    "STATE_FILE",
    "TEXT_GLOBS",
    "BatchOptions",
    "CleanJob",
    "FileReport",
    "Job",
    "ReportWriter",
    "Summary",
    "Watcher",
    "check_output_dir",
    "check_paths",
    "clean_bytes",
    "clean_job",
    "clean_paths",
    "clean_tree",
    "default_jobs",
    "describe_options",
    "fingerprint",
    "learn_inputs",
    "output_bytes",
    "plan_paths",
    "plan_tree",
    "prepare_output",
    "run_job",
    "run_jobs",
    "walk",
]
