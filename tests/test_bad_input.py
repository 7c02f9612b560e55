"""Bad input, as real users produce it, never sinks a case and never prints a traceback.

Each case gives either exit status 2 with one line naming the file, field or argument at
fault, or a brief whose ``problems`` carry the coded message (and the rest of the case is
briefed).  Commands run in-process through :func:`casebrief.cli.main` (the same code as the
console script); a few run as real subprocesses to check the installed entry point itself.
Budgets are set small where a case is long, so a hang shows up as a failure, not a stuck CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from casebrief.cli import main

NOTE = """OFFICE VISIT
Date of service: 02/20/2026
HPI: Low back pain radiating to the left leg for 3 months.
Started naproxen 500 mg BID on 12/01/2025, currently taking.
Completed physical therapy 12/15/2025 through 02/10/2026 with little improvement.
Denies saddle anesthesia, bowel or bladder incontinence. No fever.
EXAM: Straight leg raise positive on the left at 40 degrees. Strength 5/5.
PLAN: MRI lumbar spine.
"""
CASE = {
    "case_id": "bad-input",
    "policy": "lumbar-spine-mri",
    "request": {"request_date": "2026-03-01", "request_type": "initial", "cpt": ["72148"]},
}


def make_case(
    root: Path, meta: object | bytes | None = CASE, files: dict[str, bytes | str] | None = None
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in (files if files is not None else {"note.txt": NOTE}).items():
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if isinstance(meta, bytes):
        (root / "case.json").write_bytes(meta)
    elif meta is not None:
        (root / "case.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc: int, err: str, *names: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip() and "Warning" not in ln]
    assert rc == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("casebrief: error: "), err
    assert "Traceback" not in err
    for n in names:
        assert n in lines[0], (n, lines[0])


def brief_json(case: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    rc, out, err = run(["brief", str(case), "--format", "json", *extra], capsys)
    assert rc == 0, err
    assert "Traceback" not in err
    return json.loads(out)


def codes(brief: dict) -> dict[str, str]:
    return {p["code"]: p["message"] for p in brief["problems"]}


# --------------------------------------------------------------------------- case.json


@pytest.mark.parametrize(
    ("meta", "names"),
    [
        pytest.param(
            {**CASE, "documents": 5},
            ["case.json", "documents", "must be a list"],
            id="documents-number",
        ),
        pytest.param(
            {**CASE, "request": "x"}, ["case.json", "'request'", "JSON object"], id="request-string"
        ),
        pytest.param([1, 2], ["case.json", "JSON object", "list"], id="top-level-list"),
        pytest.param(
            {**CASE, "documents": [{"date": "2026-01-01"}]},
            ["documents[0].file", "required"],
            id="entry-without-file",
        ),
        pytest.param(
            {**CASE, "documents": [{"file": ""}]}, ["documents[0].file"], id="entry-empty-file"
        ),
        pytest.param(
            {**CASE, "documents": ["../outside.txt"]},
            ["documents[0].file", "inside the case directory"],
            id="path-escape",
        ),
        pytest.param(
            {**CASE, "documents": ["/etc/hostname"]}, ["documents[0].file"], id="absolute-path"
        ),
        pytest.param(
            {**CASE, "request": {**CASE["request"], "request_date": "2026"}},
            ["request.request_date", "'2026'"],
            id="year-only-date",
        ),
        pytest.param(
            {**CASE, "request": {**CASE["request"], "request_date": "2026-02-30"}},
            ["request.request_date"],
            id="impossible-date",
        ),
        pytest.param(
            {**CASE, "request": {**CASE["request"], "request_date": 20260301}},
            ["request.request_date"],
            id="date-as-number",
        ),
        pytest.param(
            {**CASE, "request": {**CASE["request"], "request_type": "renewal"}},
            ["request.request_type", "continuation"],
            id="request-type",
        ),
        pytest.param(
            {**CASE, "request": {**CASE["request"], "cpt": [{"code": 1}]}},
            ["request.cpt"],
            id="cpt-object",
        ),
        pytest.param(
            {**CASE, "documents": [{"file": "note.txt", "date": "March"}]},
            ["documents[0].date"],
            id="document-date-word",
        ),
        pytest.param(
            # a type must be text; a name casebrief does not know is only reported (below)
            {**CASE, "documents": [{"file": "note.txt", "type": ["xray"]}]},
            ["documents[0].type"],
            id="document-type",
        ),
    ],
)
def test_bad_case_json_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], meta: object, names: list[str]
) -> None:
    case = make_case(tmp_path / "case", meta)
    rc, _, err = run(["brief", str(case)], capsys)
    assert_one_line_error(rc, err, *names)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        pytest.param(
            '{"case_id": "caf\xe9"}'.encode("latin-1"),
            ["case.json", "not UTF-8", "0xe9"],
            id="latin-1",
        ),
        pytest.param(
            b'{"case_id": "x",}', ["case.json", "not valid JSON", "line 1"], id="trailing-comma"
        ),
        pytest.param(b"", ["case.json", "not valid JSON"], id="empty"),
        pytest.param(b"\x00\x01\x02", ["case.json"], id="binary"),
    ],
)
def test_unreadable_case_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes, names: list[str]
) -> None:
    case = make_case(tmp_path / "case", raw)
    rc, _, err = run(["brief", str(case)], capsys)
    assert_one_line_error(rc, err, *names)


def test_single_code_as_string_is_one_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = {
        "request": {"request_date": "2026-03-01", "cpt": "72148"}
    }  # no policy: chosen from the code
    brief = brief_json(make_case(tmp_path / "case", meta), capsys)
    assert brief["request"]["cpt"] == ["72148"]
    assert brief["policy"]["id"] == "lumbar-spine-mri"


def test_unknown_field_is_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = {**CASE, "request": {**CASE["request"], "request_dat": "2026-03-01"}, "priority": "high"}
    brief = brief_json(make_case(tmp_path / "case", meta), capsys)
    unknown = [p["message"] for p in brief["problems"] if p["code"] == "W105"]
    assert sorted(unknown) == [
        "case.json: unknown field 'priority' was ignored",
        "case.json: unknown field 'request.request_dat' was ignored",
    ]


def test_sender_document_types_are_read_or_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An EHR's own name for a record ("Consult Report") is read as the brief's type; a name
    casebrief cannot place is reported and the type detected from the text -- the case is
    briefed either way (a sender's vocabulary is not a reason to reject a packet)."""
    letter = "Dear Dr. Moss,\nThank you for referring Ms. Hale.\nSincerely,\nA. Lee, MD\n"
    meta = {
        **CASE,
        "documents": [
            {"file": "note.txt", "type": "Consult Report"},
            {"file": "letter.txt", "type": "compliance_widget"},
        ],
    }
    case = make_case(tmp_path / "case", meta, {"note.txt": NOTE, "letter.txt": letter})
    brief = brief_json(case, capsys)
    types = {d["file"]: d["type"] for d in brief["documents"]}
    assert types == {"note.txt": "office_note", "letter.txt": "letter"}
    assert codes(brief)["W112"] == (
        "case.json: documents[1].type 'compliance_widget' is not a document type casebrief "
        "knows; the record's type was read from its text instead"
    )


def test_path_too_long_to_look_up_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "/".join(["d" * 200] * 30) + "/note.txt"  # each part allowed, the whole beyond PATH_MAX
    brief = brief_json(
        make_case(tmp_path / "case", {**CASE, "documents": ["note.txt", deep]}), capsys
    )
    assert "cannot be looked up" in codes(brief)["E017"]
    assert [d["file"] for d in brief["documents"]] == ["note.txt"]


def test_listed_file_missing_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = brief_json(
        make_case(tmp_path / "case", {**CASE, "documents": ["note.txt", "gone.pdf"]}), capsys
    )
    assert codes(brief)["E008"].startswith("gone.pdf:")
    assert [d["file"] for d in brief["documents"]] == ["note.txt"]
    assert {c["id"]: c["status"] for c in brief["criteria"]}["clinical-evaluation"] == "met"


# --------------------------------------------------------------------------- records


def _zip_bytes(tmp_path: Path) -> bytes:
    z = tmp_path / "doc.docx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return z.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        pytest.param(
            "scan.txt",
            bytes(range(256)) * 40,
            "E015",
            ["scan.txt", "binary"],
            id="random-bytes-as-txt",
        ),
        pytest.param(
            "report.txt",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "E015",
            ["report.txt", "PDF"],
            id="pdf-named-txt",
        ),
        pytest.param(
            "photo.md",
            b"\x89PNG\r\n\x1a\n" + bytes(200),
            "E015",
            ["photo.md", "PNG"],
            id="png-named-md",
        ),
        pytest.param("empty.txt", b"", "E001", ["empty.txt", "empty"], id="empty-file"),
        pytest.param(
            "blank.txt",
            b"  \n\n\t \n",
            "E009",
            ["blank.txt", "no readable text"],
            id="whitespace-only",
        ),
        pytest.param(
            "nul.txt",
            b"Office note\x00\x00\x00\x00 with NUL padding\x00\x00" * 20,
            "E015",
            ["nul.txt"],
            id="nul-bytes",
        ),
        pytest.param(
            "letter.docx",
            b"PK\x03\x04" + bytes(100),
            "E004",
            ["letter.docx", ".docx"],
            id="unsupported-suffix",
        ),
    ],
)
def test_unreadable_record_is_a_coded_problem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    code: str,
    words: list[str],
) -> None:
    case = make_case(
        tmp_path / "case", {**CASE, "documents": ["note.txt", name]}, {"note.txt": NOTE, name: data}
    )
    brief = brief_json(case, capsys)
    assert code in codes(brief), brief["problems"]
    for w in words:
        assert w in codes(brief)[code]
    assert [d["file"] for d in brief["documents"]] == [
        "note.txt"
    ]  # the rest of the case is briefed
    assert brief["summary"]["status"] != ""


def test_docx_renamed_txt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(
        tmp_path / "case",
        {**CASE, "documents": ["note.txt", "letter.txt"]},
        {"note.txt": NOTE, "letter.txt": _zip_bytes(tmp_path)},
    )
    assert "ZIP archive" in codes(brief_json(case, capsys))["E015"]


def test_two_gigabyte_upload_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(tmp_path / "case", {**CASE, "documents": ["note.txt", "huge.pdf"]})
    with open(case / "huge.pdf", "wb") as fh:  # sparse: 2 GiB on paper, no disk used
        fh.truncate(2 * 2**30)
    brief = brief_json(case, capsys)
    assert "2048 MB, over the 512 MB limit" in codes(brief)["E007"]


def test_utf16_without_bom_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = make_case(tmp_path / "case", CASE, {"note.txt": NOTE.encode("utf-16-le")})
    brief = brief_json(case, capsys)
    assert "E015" not in codes(brief)
    assert {c["id"]: c["status"] for c in brief["criteria"]}["clinical-evaluation"] == "met"


def test_impossible_range_end_does_not_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = NOTE + "PT visits 03/05/2025 - 2/29 and again 12/30/2025 - 2/30.\n"
    brief = brief_json(make_case(tmp_path / "case", CASE, {"note.txt": note}), capsys)
    assert not [p for p in brief["problems"] if p["severity"] == "error"]


def test_text_without_line_breaks_is_briefed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flat = " ".join(NOTE.split()) + " "
    note = flat * 400  # ~240 kB, one line, punctuation only every few hundred characters
    brief = brief_json(
        make_case(tmp_path / "case", CASE, {"note.txt": note}), capsys, "--record-seconds", "20"
    )
    assert {c["id"] for c in brief["criteria"]} >= {"red-flags", "conservative-therapy"}


def test_text_without_any_boundary_is_briefed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = "x" * 150_000  # no space, no punctuation, no line break
    brief = brief_json(
        make_case(tmp_path / "case", CASE, {"note.txt": NOTE, "blob.txt": note}), capsys
    )
    assert len(brief["documents"]) == 2


def test_over_a_million_characters_is_cut_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = (NOTE + "\n") * 2600  # ~1.1 million characters: spaCy's own limit is 1,000,000
    assert len(big) > 1_000_000
    case = make_case(tmp_path / "case", CASE, {"note.txt": NOTE, "export.txt": big})
    brief = brief_json(case, capsys, "--record-seconds", "1")
    cut = codes(brief)["E012"]
    assert cut.startswith("export.txt: reading stopped after 1 s in document d1")
    assert "characters were read" in cut
    statuses = {c["id"]: c["status"] for c in brief["criteria"]}
    assert statuses["clinical-evaluation"] == "met"  # what was read is briefed


def test_case_budget_lists_documents_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {f"{i:02d}_note.txt": NOTE * 40 for i in range(6)}
    case = make_case(tmp_path / "case", CASE, files)
    brief = brief_json(case, capsys, "--case-seconds", "0.05")
    not_read = [p for p in brief["problems"] if p["code"] == "E013"]
    assert not_read, brief["problems"]
    assert all("time budget was spent" in p["message"] for p in not_read)


# --------------------------------------------------------------------------- arguments and outputs


def test_request_date_must_be_a_full_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _, err = run(["brief", str(make_case(tmp_path / "case")), "--request-date", "2026"], capsys)
    assert_one_line_error(rc, err, "'2026'", "YYYY-MM-DD")


def test_output_to_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(["brief", str(make_case(tmp_path / "case")), "-o", str(tmp_path)], capsys)
    assert_one_line_error(rc, err, str(tmp_path), "directory")


def test_output_into_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "brief.md"
    rc, _, err = run(["brief", str(make_case(tmp_path / "case")), "-o", str(target)], capsys)
    assert_one_line_error(rc, err, str(target), "does not exist")


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        pytest.param(
            ["brief", "{tmp}/no-such-case"], ["no-such-case", "does not exist"], id="missing-case"
        ),
        pytest.param(
            ["brief", "{tmp}/letter.docx"], ["letter.docx", "record file"], id="case-is-a-docx"
        ),
        pytest.param(
            ["brief", "{case}", "--policy", "spine-fusion"],
            ["spine-fusion", "known policies"],
            id="unknown-policy",
        ),
        pytest.param(
            ["eval-assertions", "{tmp}/missing.jsonl"],
            ["missing.jsonl", "no such file"],
            id="assertions-missing-file",
        ),
        pytest.param(
            ["eval-assertions", "{case}/case.json"],
            ["case.json", "line 1"],
            id="assertions-wrong-format",
        ),
        pytest.param(["eval-assertions", "{case}"], ["is a directory"], id="assertions-directory"),
        pytest.param(["eval-assertions"], ["nothing to score"], id="assertions-nothing"),
        pytest.param(
            ["eval-assertions", "--negex", "{case}/note.txt"],
            ["note.txt", "NegEx"],
            id="negex-wrong-format",
        ),
        pytest.param(["eval", "{case}"], ["no labelled case"], id="eval-no-gold"),
        pytest.param(["eval", "{tmp}/none"], ["not a directory"], id="eval-missing-dir"),
        pytest.param(["validate-policy", "{tmp}/none.yaml"], ["none.yaml"], id="policy-missing"),
        pytest.param(
            ["validate-policy", "{case}/note.txt"],
            ["note.txt", "mapping"],
            id="policy-not-yaml-mapping",
        ),
    ],
)
def test_bad_arguments_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], names: list[str]
) -> None:
    case = make_case(tmp_path / "case")
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04")
    argv = [a.format(tmp=tmp_path, case=case) for a in argv]
    rc, _, err = run(argv, capsys)
    assert_one_line_error(rc, err, *names)


@pytest.mark.parametrize(
    "argv",
    [
        ["benchmark", "--pages", "0"],
        ["brief", "x", "--record-seconds", "-1"],
        ["brief", "x", "--case-seconds", "soon"],
        ["brief", "x", "--format", "pdf"],
        ["no-such-command"],
    ],
)
def test_argparse_rejects_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_installed_entry_point_answers_without_traceback(tmp_path: Path) -> None:
    """The real console entry point, in a fresh process: one line, exit 2."""
    case = make_case(tmp_path / "case", {**CASE, "documents": 5})
    proc = subprocess.run(
        [sys.executable, "-m", "casebrief.cli", "brief", str(case)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("casebrief: error: ")


def test_record_budget_lists_its_later_documents_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = "OFFICE VISIT\nDate of service: 02/20/2026\n" + (NOTE + "\n") * 300  # several chunks
    second = (
        "PHYSICAL THERAPY DISCHARGE SUMMARY\nDate of service: 02/10/2026\nPT 12/15/2025 to 2/10.\n"
    )
    case = make_case(tmp_path / "case", CASE, {"packet.txt": first + "\f" + second})
    brief = brief_json(case, capsys, "--record-seconds", "0.2")
    assert len(brief["documents"]) == 2
    assert codes(brief)["E012"].startswith("packet.txt: reading stopped after 0.2 s in document d1")
    assert codes(brief)["E016"].startswith("packet.txt: document d2 (pages 2) was not read")
