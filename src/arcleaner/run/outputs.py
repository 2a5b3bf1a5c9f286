"""What a run writes beside the cleaned text: the JSON report (``--report``), the
removed-lines file (``--save-removed``) and the diff (``--diff``, on stdout), each
input's part in input order, the files published only when the run ends well."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..pipeline import Pipeline
from .audit import AuditWriter
from .report import UP_TO_DATE, FileReport, ReportWriter, Summary


class RunOutputs:
    """The report, removed-lines and diff writers of one run (any of them may be off)."""

    def __init__(
        self,
        pipeline: Pipeline,
        options: Mapping[str, Any],
        *,
        report: Path | None = None,
        save_removed: Path | None = None,
        diff: BinaryIO | None = None,
    ) -> None:
        from .. import __version__

        self.report: ReportWriter | None = None
        self.audit: AuditWriter | None = None
        self.done = False
        if save_removed is not None or diff is not None:
            self.audit = AuditWriter(save_removed, diff)
        if report is not None:
            try:
                self.report = ReportWriter(
                    report, version=__version__, config=pipeline.describe(), options=options
                )
            except BaseException as exc:
                if self.audit is not None:
                    self.audit.abort(exc)
                raise

    def spool_folder(self) -> str | None:
        """Where workers spill a large input's audit (``None`` when nothing is audited)."""
        return self.audit.spool_folder() if self.audit is not None else None

    def add(self, rep: FileReport) -> None:
        """One input is done: its report entry, its removed lines, its diff."""
        if self.audit is not None:
            audit, rep.audit = rep.audit, None
            self.audit.add(audit)
        if self.report is not None:
            self.report.add(rep)

    def close(self, summary: Summary) -> None:
        """The run ended well: publish the files."""
        if self.done:
            return
        self.done = True
        try:
            if self.audit is not None:
                if summary.files and summary.statuses[UP_TO_DATE] == summary.files:
                    # Nothing was cleaned (a run done before, made again): its removed
                    # lines are in the file that run wrote, which an empty one would
                    # replace. A file there is left as it was.
                    self.audit.keep_earlier_removed()
                self.audit.close()
        except BaseException as exc:  # (its file could not be written: nor is the report)
            if self.report is not None:
                self.report.abort(exc)
            raise
        if self.report is not None:
            self.report.close(summary)

    def abort(self, exc: BaseException) -> None:
        """The run failed or was interrupted: publish nothing (once; again is a no-op)."""
        if self.done:
            return
        self.done = True
        if self.audit is not None:
            self.audit.abort(exc)
        if self.report is not None:
            self.report.abort(exc)
