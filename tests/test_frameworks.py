"""Frameworks are data: each built-in loads clean, cites a source for every weight and
rule, and a framework that contradicts itself is reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.frameworks.loader import builtin_ids, load_framework, load_framework_file, parse_framework
from jixiao.frameworks.model import SURENESS
from jixiao.scoring.execution import POLICIES

DATA = Path(__file__).parent.parent / "src/jixiao/frameworks/data"


@pytest.mark.parametrize("fid", builtin_ids())
def test_builtins_load_clean(fid: str) -> None:
    fw, findings = load_framework(fid)
    assert fw is not None and not findings, [f.message for f in findings]
    assert all(s.sureness in SURENESS for s in fw.sources.values())
    for category in fw.categories:
        assert category.source.key in fw.sources


def test_expected_weights() -> None:
    def points(fid: str) -> list[Decimal | None]:
        fw, _ = load_framework(fid)
        assert fw is not None
        return [fw.execution.points if fw.execution else None] + [c.points for c in fw.categories]

    assert points("hunan-overall") == [10, 40, 20, 10, 20]
    assert points("mof-project-2020") == [10, 50, 30, 10]
    fw, _ = load_framework("sichuan-project")
    assert fw is not None and fw.execution is not None and fw.indicator_points == 90
    fw, _ = load_framework("mof-2013-overall")
    assert fw is not None and {r.measure for r in fw.rate_indicators} >= {
        "staff_control_rate", "three_public_change_rate", "budget_completion_rate", "budget_adjustment_rate"}


def test_inconsistent_weights_are_reported() -> None:
    text = (DATA / "mof-project-2020.yaml").read_text("utf-8").replace("points: 30", "points: 35")
    fw, findings = parse_framework(text, "broken.yaml")
    assert fw is not None
    assert [f.code for f in findings] == ["framework.weights"]
    assert "105" in findings[0].message


def test_broken_framework_files_are_findings() -> None:
    text = (DATA / "hunan-overall.yaml").read_text("utf-8")
    assert parse_framework(text.replace("source: lusong-2023", "source: nowhere", 1), "x.yaml")[0] is None
    assert parse_framework(text.replace("policy: linear", "policy: generous"), "x.yaml")[1][0].code == \
        "framework.invalid"
    assert parse_framework("[1, 2]", "x.yaml")[1][0].code == "framework.invalid"
    assert parse_framework("id: x\nkind: overall\n", "x.yaml")[1][0].code == "framework.invalid"


def test_framework_file_the_operator_names(tmp_path: Path) -> None:
    path = tmp_path / "my.yaml"
    path.write_text((DATA / "hunan-overall.yaml").read_text("utf-8").replace("id: hunan-overall", "id: my"),
                    encoding="utf-8")
    fw, findings = load_framework_file(str(path))
    assert fw is not None and fw.id == "my" and not findings
    # ... but a path is never an id
    fw, findings = load_framework(str(path))
    assert fw is None and [f.code for f in findings] == ["framework.unknown"]


def test_execution_policies() -> None:
    rate, pts = Decimal("98.95"), Decimal(10)
    assert POLICIES["linear"](rate, pts) == Decimal("9.895")  # type: ignore[misc]
    assert POLICIES["floor"](rate, pts) == 9  # type: ignore[misc]
    assert POLICIES["round"](rate, pts) == 10  # type: ignore[misc]
    assert POLICIES["step"](rate, pts) == 10  # type: ignore[misc]
    assert POLICIES["step"](Decimal("94.9"), pts) == 8  # type: ignore[misc]
    assert POLICIES["linear"](Decimal("120"), pts) == 10  # type: ignore[misc]
