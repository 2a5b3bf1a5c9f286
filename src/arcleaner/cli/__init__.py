"""The ``arclean`` command: a thin layer over the library (only this package imports
click and rich).

Exit codes: 0 ok; 1 ``--check`` found text that cleaning would change; 2 usage or
configuration error; 123 some inputs failed (the others were cleaned); 130 interrupted;
141 the reader of stdout went away (broken pipe).

Modules: ``commands`` (the group, ``arclean filters``, ``main``, ``run``), ``clean``
(cleaning: flags become a :class:`~arcleaner.run.CleanJob`, run by
:func:`~arcleaner.run.run_job`), ``console`` (messages, progress bars and the summary on
stderr), ``exits`` (exit codes, the error line), ``config`` (the pipeline flags every
command shares: config file, preset, options), ``configure`` (``arclean config show``),
``evaluate`` (``arclean eval``), ``chars`` (``arclean inspect``), ``reporting``
(``arclean report``), ``learn`` (``arclean learn``, ``arclean profile``).
"""

from .commands import clean_cmd, cli, filters_cmd, main, run
from .config import PipelineFlags, pipeline_options
from .evaluate import eval_cmd
from .exits import (
    EXIT_CHANGED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
)

__all__ = [
    "EXIT_CHANGED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "PipelineFlags",
    "clean_cmd",
    "cli",
    "eval_cmd",
    "filters_cmd",
    "main",
    "pipeline_options",
    "run",
]
