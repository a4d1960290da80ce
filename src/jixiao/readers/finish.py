"""From a format reader's document to a :class:`LoadResult`: extract the located
tree, build the evaluation, gather the findings."""

from __future__ import annotations

from jixiao.readers.document import Document
from jixiao.readers.load import LoadResult
from jixiao.readers.tree import build_evaluation


def finish(doc: Document) -> LoadResult:
    from jixiao.readers.extract import extract

    extraction = extract(doc)
    findings = list(doc.findings) + extraction.findings
    if extraction.tree is None:
        return LoadResult(doc.source, None, findings, format=doc.format, text=doc.text)
    evaluation, input_findings = build_evaluation(extraction.tree, doc.source)
    return LoadResult(doc.source, evaluation, findings + input_findings, format=doc.format, text=doc.text)
