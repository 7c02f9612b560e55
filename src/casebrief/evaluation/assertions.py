"""`casebrief eval-assertions`: score the context layer on its own.

Two kinds of sentence sets:

* casebrief's JSONL sets (``annotated_samples/assertions/*.jsonl``): one line per mention,
  ``{id, text, target, occurrence?, concept, label}`` with label one of
  :data:`casebrief.nlp.assertion.ASSERTIONS`.
* Chapman's NegEx/ConText test set (``rsAnnotations-1-120-random.txt``), read in place in its
  own tab-separated format: negation (Affirmed/Negated), temporality
  (Recent/Historical/Not particular = hypothetical) and experiencer (Patient/Other/Family member),
  each scored on its own.

Why the target is *forced*: the question here is "given this mention, is the context right?",
not "did the concept lexicon find it".  :func:`assert_span` runs the pipeline up to the concept
matcher, uses the matched entity that overlaps the target when there is one, and otherwise puts
the target itself into ``doc.ents`` (label ``TARGET``) before ConText and the resolver run.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Span

from casebrief.errors import CaseError
from casebrief.nlp.assertion import ASSERTIONS, MentionContext
from casebrief.output import write_text

TARGET_LABEL = "TARGET"
# Components the context layer depends on; temporal/measurements run after it and are skipped.
_UPSTREAM = ("casebrief_sentencizer", "casebrief_sectionizer", "casebrief_target_matcher")
_CONTEXT = ("casebrief_context", "casebrief_assertion")


# --------------------------------------------------------------------------- forcing a target


def assert_span(
    text: str, start: int, end: int, *, force: bool = False, nlp: Language | None = None
) -> Span:
    """Run the context layer on ``text`` with ``text[start:end]`` as a target; return its entity.

    ``force=False``: a concept entity that overlaps the target is kept and returned (that is the
    mention the system would judge).  ``force=True``: overlapping entities are dropped and the
    exact target span is used (for external sets whose targets are not our concepts).
    The returned span carries ``_.assertion`` and ConText's ``_.is_*`` flags.
    """
    from casebrief.nlp.pipeline import get_pipeline

    nlp = nlp or get_pipeline()
    doc = nlp.make_doc(text)
    doc._.reference_date = None
    procs = dict(nlp.pipeline)
    for name in _UPSTREAM:
        doc = procs[name](doc)
    target = doc.char_span(start, end, label=TARGET_LABEL, alignment_mode="expand")
    if target is None or not len(target):
        msg = f"target {text[start:end]!r} ({start}:{end}) does not align with any token"
        raise ValueError(msg)
    overlapping = [e for e in doc.ents if e.start < target.end and target.start < e.end]
    if overlapping and not force:
        chosen = max(overlapping, key=lambda e: min(e.end, target.end) - max(e.start, target.start))
        key = (chosen.start, chosen.end, chosen.label_)
    else:
        doc.ents = [e for e in doc.ents if e not in overlapping] + [target]
        key = (target.start, target.end, TARGET_LABEL)
    for name in _CONTEXT:
        doc = procs[name](doc)
    for ent in doc.ents:
        if (ent.start, ent.end, ent.label_) == key:
            return ent
    raise AssertionError("forced target vanished from doc.ents")  # pragma: no cover


def find_target(text: str, target: str, occurrence: int = 1) -> tuple[int, int]:
    """Character offsets of the ``occurrence``-th (1-based) exact occurrence of ``target``."""
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(target, pos + 1)
        if pos < 0:
            msg = f"target {target!r} (occurrence {occurrence}) not in text"
            raise ValueError(msg)
    return pos, pos + len(target)


def _dimensions(ent: Span) -> dict[str, Any]:
    d = MentionContext(ent.doc).dimensions(ent)
    return {
        "negated": d.negated,
        "temporality": d.temporality,
        "experiencer": d.experiencer,
        "uncertain": d.uncertain,
    }


# --------------------------------------------------------------------------- metrics


def prf(gold: list[str], pred: list[str], label: str) -> dict[str, float | int]:
    tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred, strict=False) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred, strict=False) if g == label and p != label)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "n": tp + fn, "tp": tp, "fp": fp, "fn": fn}


def _line(label: str, m: dict[str, Any]) -> str:
    return (
        f"  {label:<13} P {m['p']:.3f} R {m['r']:.3f} F1 {m['f1']:.3f} "
        f"(n={m['n']}, tp={m['tp']} fp={m['fp']} fn={m['fn']})"
    )


# --------------------------------------------------------------------------- JSONL sets


@dataclass
class Prediction:
    id: str
    gold: str
    pred: str
    text: str
    target: str


def predict_jsonl(
    rows: Iterable[dict[str, Any]], predict: Callable[[dict[str, Any]], str] | None = None
) -> list[Prediction]:
    """Predict one assertion per row (``predict`` overrides the context layer, for tests)."""
    out = []
    for row in rows:
        if predict is not None:
            label = predict(row)
        else:
            start, end = find_target(row["text"], row["target"], int(row.get("occurrence", 1)))
            label = assert_span(row["text"], start, end)._.assertion
        out.append(Prediction(str(row.get("id")), row["label"], label, row["text"], row["target"]))
    return out


def score_jsonl(preds: list[Prediction]) -> dict[str, Any]:
    gold = [p.gold for p in preds]
    pred = [p.pred for p in preds]
    acc = sum(g == p for g, p in zip(gold, pred, strict=False)) / len(preds) if preds else 0.0
    labels = {lab: prf(gold, pred, lab) for lab in ASSERTIONS}
    macro = sum(m["f1"] for m in labels.values() if m["n"]) / max(
        1, sum(1 for m in labels.values() if m["n"])
    )
    errors = [p.__dict__ for p in preds if p.gold != p.pred]
    return {"n": len(preds), "accuracy": acc, "macro_f1": macro, "labels": labels, "errors": errors}


def _read(path: str | Path, errors: str = "strict") -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors=errors)
    except FileNotFoundError:
        raise CaseError("E213", path=path, problem="no such file") from None
    except IsADirectoryError:
        raise CaseError("E213", path=path, problem="is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise CaseError(
            "E213", path=path, problem=f"not UTF-8 text (byte at position {exc.start})"
        ) from None
    except OSError as exc:
        raise CaseError(
            "E213", path=path, problem=f"cannot be read ({exc.strerror or type(exc).__name__})"
        ) from None


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a sentence set: one JSON object per line with ``text``, ``target`` and ``label``."""
    rows = []
    for i, line in enumerate(_read(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            hint = "expected one JSON object per line"
            if "\t" in line and not line.lstrip().startswith("{"):
                hint += " (tab-separated rows look like Chapman's NegEx set: pass it as --negex)"
            raise CaseError(
                "E213", path=path, problem=f"line {i}: not JSON ({exc.msg}); {hint}"
            ) from None
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("text"), str)
            or not isinstance(row.get("target"), str)
        ):
            raise CaseError(
                "E213",
                path=path,
                problem=(
                    f"line {i}: expected an object with string fields 'text', 'target' and 'label'"
                ),
            )
        if row.get("label") not in ASSERTIONS:
            raise CaseError(
                "E213",
                path=path,
                problem=(
                    f"line {i}: label {row.get('label')!r} is not one of {', '.join(ASSERTIONS)}"
                ),
            )
        if row["target"] not in row["text"]:
            raise CaseError(
                "E213", path=path, problem=f"line {i}: the target does not occur in the text"
            )
        rows.append(row)
    if not rows:
        raise CaseError("E213", path=path, problem="holds no rows")
    return rows


# --------------------------------------------------------------------------- NegEx test set

_TEMPORALITY = {
    "recent": "recent",
    "historical": "historical",
    "hypothetical": "hypothetical",
    "not particular": "hypothetical",
}


@dataclass
class NegExRow:
    line: str
    condition: str
    sentence: str
    negation: str  # negated | affirmed
    temporality: str  # recent | historical | hypothetical
    experiencer: str  # patient | other


def load_negex(path: str | Path) -> list[NegExRow]:
    """Rows of Chapman's annotation file (header skipped; 'Not particular' temporality is
    hypothetical, 'Family member' experiencer is other)."""
    rows = []
    for i, line in enumerate(_read(path, errors="replace").splitlines()):
        cols = line.rstrip("\r\n").split("\t")
        if i == 0 and not cols[0].strip().isdigit():
            continue
        if len(cols) < 6 or not cols[0].strip():
            continue
        temp = _TEMPORALITY.get(cols[4].strip().lower(), cols[4].strip().lower())
        exp = "patient" if cols[5].strip().lower() == "patient" else "other"
        rows.append(NegExRow(cols[0].strip(), cols[1], cols[2], cols[3].strip().lower(), temp, exp))
    if not rows:
        raise CaseError(
            "E213",
            path=path,
            problem="no annotation rows (expected Chapman's tab-separated NegEx format)",
        )
    return rows


def _ws_regex(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.I)


def locate_condition(sentence: str, condition: str) -> tuple[int, int, str] | None:
    """Where the annotated condition lies in its sentence: (start, end, how).

    Quirks of the format handled: case differs (the condition is usually UPPER CASE in the
    sentence; when it occurs more than once the upper-case occurrence is preferred), runs of
    spaces differ, trailing punctuation/spaces, and a condition that runs past the end of its
    (mis-split) sentence, for which the longest leading part found in the sentence is used.
    ``how`` is ``exact`` or ``partial``; None when nothing of it is in the sentence.
    """
    words = condition.split()
    if not words:
        return None
    for k in range(len(words), 0, -1):
        part = words[:k]
        if k < len(words) and sum(len(w) for w in part) < 3:
            break
        found = [
            m
            for m in _ws_regex(part).finditer(sentence)
            if _word_bounded(sentence, m.start(), m.end())
        ]
        if not found:
            found = list(_ws_regex(part).finditer(sentence))
        if found:
            m = max(found, key=lambda m: _emphasis(sentence, m.start(), m.end()))
            start, end = m.start(), m.end()
            while end > start and not sentence[end - 1].isalnum() and sentence[end - 1] not in ")]":
                end -= 1
            if end <= start:
                continue
            return start, end, "exact" if k == len(words) else "partial"
    return None


def _emphasis(s: str, start: int, end: int) -> int:
    """How much an occurrence looks like the annotated one: upper case (2), and set off from
    lower-case neighbours rather than inside an all-caps header (1); earliest wins ties."""
    text = s[start:end]
    if not any(c.isalpha() for c in text) or text != text.upper():
        return 0
    around = s[max(0, start - 30) : start] + s[end : end + 30]
    return (
        2
        + (1 if any(c.islower() for c in around) else 0)
        - (1 if s[end : end + 3].lstrip(" ").startswith(":") else 0)
    )


def _word_bounded(s: str, start: int, end: int) -> bool:
    before = s[start - 1] if start > 0 else " "
    after = s[end] if end < len(s) else " "
    return not (before.isalnum() and s[start].isalnum()) and not (
        after.isalnum() and s[end - 1].isalnum()
    )


def predict_negex(rows: list[NegExRow]) -> list[dict[str, Any]]:
    from casebrief.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    out = []
    for row in rows:
        loc = locate_condition(row.sentence, row.condition)
        rec: dict[str, Any] = {
            "line": row.line,
            "condition": row.condition,
            "sentence": row.sentence,
        }
        rec["gold"] = {
            "negation": row.negation,
            "temporality": row.temporality,
            "experiencer": row.experiencer,
        }
        if loc is None:
            rec["located"] = "none"
            rec["pred"] = {
                "negation": "affirmed",
                "temporality": "recent",
                "experiencer": "patient",
            }
        else:
            start, end, how = loc
            ent = assert_span(row.sentence, start, end, force=True, nlp=nlp)
            dims = _dimensions(ent)
            rec["located"] = how
            rec["assertion"] = ent._.assertion
            rec["pred"] = {
                "negation": "negated" if dims["negated"] else "affirmed",
                "temporality": dims["temporality"],
                "experiencer": "other" if dims["experiencer"] == "family" else "patient",
            }
        out.append(rec)
    return out


def score_negex(preds: list[dict[str, Any]]) -> dict[str, Any]:
    res: dict[str, Any] = {"n": len(preds), "located": dict(Counter(p["located"] for p in preds))}
    dims = {
        "negation": ["negated"],
        "temporality": ["historical", "hypothetical"],
        "experiencer": ["other"],
    }
    for dim, labels in dims.items():
        gold = [p["gold"][dim] for p in preds]
        pred = [p["pred"][dim] for p in preds]
        res[dim] = {
            "accuracy": sum(g == q for g, q in zip(gold, pred, strict=False)) / len(preds)
            if preds
            else 0.0,
            "labels": {lab: prf(gold, pred, lab) for lab in labels},
        }
    res["accuracy_all"] = sum(p["gold"] == p["pred"] for p in preds) / len(preds) if preds else 0.0
    res["errors"] = [p for p in preds if p["gold"] != p["pred"]]
    return res


# --------------------------------------------------------------------------- CLI entry


def _print_jsonl(path: str, s: dict[str, Any]) -> None:
    print(f"{path}: n={s['n']} accuracy {s['accuracy']:.3f} macro-F1 {s['macro_f1']:.3f}")
    for lab, m in s["labels"].items():
        print(_line(lab, m))


def _print_negex(path: str, s: dict[str, Any]) -> None:
    loc = ", ".join(f"{k} {v}" for k, v in sorted(s["located"].items()))
    print(
        f"NegEx {path}: n={s['n']} (condition located: {loc}); "
        f"all three dimensions right {s['accuracy_all']:.3f}"
    )
    for dim in ("negation", "temporality", "experiencer"):
        print(f" {dim}: accuracy {s[dim]['accuracy']:.3f}")
        for lab, m in s[dim]["labels"].items():
            print(_line(lab, m))


def run_assertion_eval(files: list[str], negex: str | None, json_out: str | None) -> int:
    """Score the context layer on JSONL sets and/or the NegEx test set; print and optionally dump
    JSON.
    """
    if not files and not negex:
        raise CaseError(
            "E213",
            path="eval-assertions",
            problem="nothing to score: give JSONL files and/or --negex PATH",
        )
    out: dict[str, Any] = {"jsonl": {}, "negex": None}
    for f in files or []:
        s = score_jsonl(predict_jsonl(load_jsonl(f)))
        out["jsonl"][f] = s
        _print_jsonl(f, s)
    if negex:
        s = score_negex(predict_negex(load_negex(negex)))
        out["negex"] = s
        _print_negex(negex, s)
    if json_out:
        write_text(json_out, json.dumps(out, indent=2, default=str))
    return 0
