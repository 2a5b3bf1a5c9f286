"""arcleaner: clean scraped Arabic news text into article text.

>>> from arcleaner import Pipeline
>>> result = Pipeline.default().run("عنوان الخبر الأول\\nنص الخبر.\\nعنوان الخبر الأول")
>>> result.text
'عنوان الخبر الأول\\nنص الخبر.'
>>> [(r.line, r.filter) for r in result.removed]
[(3, 'drop-repeated-lines')]
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .document import Decision, Document, Line, Removal
from .errors import ArcleanError, ConfigError, DecodeError, LexiconError, UnknownStepError
from .keys import match_key
from .pipeline import DEFAULT_FILTERS, DEFAULT_NORMALIZERS, Pipeline, Result
from .registry import Registry, default_registry
from .run import BatchOptions, clean_bytes, clean_paths, clean_tree, run_jobs, walk
from .run.jsonl import JsonlOptions, MalformedRecord, NoText, clean_jsonl, clean_record
from .run.report import FileReport, Summary
from .steps import Filter, Normalizer
from .textio import decode

try:
    __version__ = version("arcleaner")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "DEFAULT_FILTERS",
    "DEFAULT_NORMALIZERS",
    "ArcleanError",
    "BatchOptions",
    "ConfigError",
    "Decision",
    "DecodeError",
    "Document",
    "FileReport",
    "Filter",
    "JsonlOptions",
    "LexiconError",
    "Line",
    "MalformedRecord",
    "NoText",
    "Normalizer",
    "Pipeline",
    "Registry",
    "Removal",
    "Result",
    "Summary",
    "UnknownStepError",
    "__version__",
    "clean_bytes",
    "clean_jsonl",
    "clean_paths",
    "clean_record",
    "clean_tree",
    "decode",
    "default_registry",
    "match_key",
    "run_jobs",
    "walk",
]
