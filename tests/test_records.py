"""Records: read-only for the type checker, compared and printed by value, subclassable."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal
from pathlib import Path

import pytest
from mypy import api

from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.record import Record, field, record
from jixiao.reconcile.intervals import Interval
from jixiao.reconcile.resolution import Reading, Resolved

SRC = Path(__file__).resolve().parent.parent / "src"


def _mypy(code: str, cache: Path) -> list[str]:
    out, _err, _status = api.run(["--strict", "--config-file", "", "--cache-dir", str(cache),
                                  "--follow-imports", "silent", "-c", code])
    return [line for line in out.splitlines() if ": error:" in line]


def test_assigning_a_record_field_is_a_type_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Records carry no run-time guard (it made every construction slow): mypy, which
    # runs on every change, is what keeps them read-only. A writable record stays
    # writable.
    monkeypatch.setenv("MYPYPATH", str(SRC))
    errors = _mypy(
        "from jixiao.engine import Result\n"
        "from jixiao.model.fact import Fact\n"
        "from jixiao.scoring.outcome import Score\n"
        "\n\n"
        "def f(fact: Fact, score: Score, result: Result) -> None:\n"
        "    fact.value = fact.value\n"
        "    score.points = None\n"
        "    result.card = None\n",
        tmp_path)
    assert len(errors) == 2, errors
    assert '"value" defined in "Fact" is read-only' in errors[0]
    assert '"points" defined in "Score" is read-only' in errors[1]


def _reading(value: str) -> Reading:
    fact = Fact("funds.total.final", Decimal(value), "万元", 2, value, Location.at("x.yaml", 3, 5))
    iv = Interval.of(Decimal(value), 2)
    return Reading(fact, Decimal(value), 2, "万元", iv, iv)


def test_values_compare_hash_and_print_by_value() -> None:
    a, b, c = _reading("63.72"), _reading("63.72"), _reading("63.73")
    assert a == b and hash(a) == hash(b) and a != c
    assert a != a.interval and a.interval != (a.interval.lo, a.interval.hi, True, True)
    assert repr(Interval(Decimal(1), Decimal(2))) == \
        "Interval(lo=Decimal('1'), hi=Decimal('2'), lo_closed=True, hi_closed=True)"
    resolved = Resolved("funds.total.final", a.value, 2, "万元", a.interval, (a,))
    assert resolved.stated and resolved.for_sums is a.interval
    assert not Resolved("x", a.value, 2, "万元", a.interval).stated
    assert pickle.loads(pickle.dumps(resolved)) == resolved


@record
class _Target(Record):
    name: str
    value: Decimal | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


@record
class _SignedTarget(_Target):
    signer: str = ""


class _Plain(_Target):
    """A subclass that adds behaviour, not fields."""

    def label(self) -> str:
        return f"{self.name}={self.value}"


def test_records_subclass_after_use() -> None:
    # Build the base many times first: subclassing must not depend on how often the
    # base was used.
    for _ in range(100):
        _Target("产出数量", Decimal(3))
    signed = _SignedTarget("产出数量", Decimal(3), signer="张三")
    assert (signed.name, signed.value, signed.notes, signed.signer) == ("产出数量", Decimal(3), (), "张三")
    assert signed != _Target("产出数量", Decimal(3))  # another type is never equal
    assert repr(signed) == "_SignedTarget(name='产出数量', value=Decimal('3'), signer='张三')"
    assert _Plain("时效", Decimal(1)).label() == "时效=1"
    assert [f.name for f in dataclasses.fields(_SignedTarget)] == ["name", "value", "notes", "signer"]
    assert dataclasses.replace(signed, signer="李四").signer == "李四"
    with pytest.raises(TypeError, match="missing argument: 'name'"):
        _Target()
    with pytest.raises(TypeError, match="unexpected or repeated"):
        _Target("a", name="b")
    with pytest.raises(TypeError, match="at most 3 positional"):
        _Target("a", None, (), "x")
