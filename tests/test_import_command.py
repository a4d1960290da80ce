"""`jixiao import`: an editable YAML that checks the same as the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.located import Mapping, Scalar, Sequence, parse_yaml
from jixiao.model.location import Location
from jixiao.writers.located_yaml import dump_tree, tree_scalars, where
from tests.conftest import REFERENCE_TEXT
from tests.corpus_measure import reviewed_documents
from tests.readers_support import READER_CODES, facts, findings, loaded

# the documents the readers read fully enough for their findings to be agreed (tests/expected/)
CORPUS = [Path(__file__).parent / "corpus" / name for name in reviewed_documents()]


@pytest.mark.parametrize("document", CORPUS, ids=lambda p: p.name[:12])
def test_imported_yaml_checks_the_same(document: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    assert main(["import", str(document), "--to", str(out)]) == 0
    original, imported = loaded(document), loaded(out)
    assert facts(imported) == facts(original)
    assert findings(imported) == findings(original, skip=READER_CODES)


def test_imported_published_formats_check_the_same(reference_docx: Path, reference_pdf: Path,
                                                    tmp_path: Path) -> None:
    assert main(["import", str(reference_docx), str(reference_pdf), "--to", str(tmp_path)]) == 0
    for source in (reference_docx, reference_pdf):
        imported = loaded(tmp_path / (source.stem + ".yaml"))
        assert findings(imported) == findings(loaded(source), skip=READER_CODES)


def test_imported_yaml_is_for_a_clerk(tmp_path: Path) -> None:
    out = tmp_path / "lusong.yaml"
    main(["import", str(REFERENCE_TEXT), "--to", str(out)])
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 由 jixiao import 从")
    assert "framework: hunan-overall" in text
    assert "    public_funds: 63.72  # 第27行\n" in text  # numbers exactly as written, with where
    assert "      final: 42.82元  # 第53行\n" in text
    assert "    rate: 98.95%  # 第215行\n" in text
    assert yaml.safe_load(text)["self_evaluation"]["funds"]["initial"] == 772.37


def test_import_framework_option_and_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(CORPUS[3]), "--framework", "mof-project-2020"]) == 0
    out = capsys.readouterr().out
    assert "framework: mof-project-2020" in out and "按命令行指定" in out


def test_import_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(bad), "--to", str(tmp_path / "x.yaml")]) == 2
    assert "无法读取" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.txt")]) == 2


def test_check_score_accept_any_format(reference_html: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(reference_html)]) == 1
    assert "dup.conflict" in capsys.readouterr().out
    assert main(["score", str(reference_html)]) in (0, 1)
    assert "评价框架：hunan-overall" in capsys.readouterr().out


# --- the YAML writer keeps every text exactly -------------------------------------

TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_writer_round_trip(texts: list[str]) -> None:
    loc = Location("t", 3, 1)
    tree = Mapping([("kind", loc, Scalar("overall", loc)),
                    ("items", loc, Sequence([Mapping([("name", loc, Scalar(t, loc))], loc) for t in texts], loc)),
                    ("notes", loc, Scalar("\n".join(texts), loc))], loc)
    text = dump_tree(tree, ["头注"])
    parsed, problems = parse_yaml(text, "t.yaml")
    assert not problems and parsed is not None
    assert tree_scalars(parsed) == tree_scalars(tree)


def test_where_in_words() -> None:
    assert where(Location("a.txt", 22, 19)) == "第22行"
    assert where(Location("a.pdf", page=3, table=2, row=5, col=4, line=80)) == "第3页 表2 第5行 第4列"
