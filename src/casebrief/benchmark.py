"""`casebrief benchmark`: time one realistic text-PDF packet end to end, stage by stage.

What it measures: a generated lumbar-spine-MRI packet (fax cover, office notes with long
ROS and medication lists, PT notes with a visit table, an MRI report, repeated to N pages)
is briefed ``repeats`` times in this process.  The first run is reported separately as
*cold* (it includes importing the NLP stack and building the pipeline); the rest are *warm*
and their median is the headline figure.  Stages are the ones
:func:`casebrief.service.brief_case` itself records in its :class:`~casebrief.timing.Stopwatch`,
so the breakdown is the service's own run.
The process is pinned to one CPU while timing, since the target (< 1 s per warm 30-page
packet) is stated for one core.

reportlab is a test-time dependency (the ``test`` extra); it is imported only here.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

REQUEST_DATE = date(2026, 3, 1)
POLICY = "lumbar-spine-mri"
TARGET_S = 1.0  # issue 7: the warm 30-page packet, with the evidence model in
FAST_WARM_S, FAST_COLD_S = 0.5, 2.0  # issue 11: the faster core a backfill needs
STAGES = (
    "extraction",
    "splitting",
    "policy/date resolution",
    "NLP pipeline",
    "facts+policy",
    "evidence ranking",
    "fact list",
    "brief build",
    "JSON serialization",
)

# --------------------------------------------------------------------------- packet text

_ROS = [
    "Constitutional: denies fever, chills, night sweats, unexplained weight loss, fatigue.",
    "Eyes: denies blurred vision, double vision, eye pain.",
    "ENT: denies hearing loss, tinnitus, sore throat, nasal congestion.",
    "Cardiovascular: denies chest pain, palpitations, leg swelling, orthopnea.",
    "Respiratory: denies cough, shortness of breath, wheezing, hemoptysis.",
    "Gastrointestinal: denies nausea, vomiting, abdominal pain, melena. No bowel incontinence.",
    "Genitourinary: denies dysuria, hematuria, urinary retention or urinary incontinence.",
    "Musculoskeletal: positive for low back pain "
    "radiating to the left buttock and posterior thigh.",
    "Skin: denies rash, wounds, itching.",
    "Neurological: positive for intermittent left leg "
    "numbness; denies saddle anesthesia, foot drop.",
    "Psychiatric: denies depression, anxiety, sleep disturbance.",
    "Endocrine: denies polyuria, polydipsia, heat or cold intolerance.",
    "Hematologic: denies easy bruising, bleeding, lymph node swelling.",
    "Allergic/Immunologic: denies frequent infections, no immunosuppression.",
]
_MEDS = [
    "Naproxen 500 mg PO BID with food",
    "Cyclobenzaprine 10 mg PO QHS PRN muscle spasm",
    "Acetaminophen 650 mg PO Q6H PRN pain",
    "Lisinopril 10 mg PO daily",
    "Atorvastatin 20 mg PO QHS",
    "Metformin 500 mg PO BID",
    "Omeprazole 20 mg PO daily",
    "Sertraline 50 mg PO daily",
    "Vitamin D3 2000 IU PO daily",
    "Fish oil 1000 mg PO daily",
    "Loratadine 10 mg PO daily PRN allergies",
    "Aspirin 81 mg PO daily",
]
_PMH = [
    "Hypertension",
    "Hyperlipidemia",
    "Type 2 diabetes mellitus, diet and metformin controlled",
    "GERD",
    "Depression, stable",
    "Seasonal allergies",
]


def _d(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _fax_cover(day: date, pages: int) -> list[str]:
    return [
        "FAX COVER SHEET",
        "",
        f"Date: {_d(day)}        Number of pages (including cover): {pages}",
        "To: Utilization Management, Prior Authorization Department",
        "Fax: (800) 555-0199        Phone: (800) 555-0198",
        "From: Riverside Spine & Orthopedics, Dr. Treating Physician MD",
        "Fax: (555) 555-0142        Phone: (555) 555-0141",
        "",
        "RE: Prior authorization request - MRI lumbar spine without contrast (CPT 72148)",
        "Member: Jane Q. Sample     Member ID: XZ123456789     DOB: 04/12/1971",
        "Diagnosis: M54.16 Radiculopathy, lumbar region; M54.50 Low back pain",
        "",
        "Enclosed: office notes, physical therapy notes, imaging report.",
        "Please review for medical necessity. Urgent: [ ] Yes  [X] No",
        "",
        "CONFIDENTIALITY NOTICE: The documents accompanying this facsimile transmission contain",
        "confidential health information that is legally privileged. This information is intended",
        "only for the use of the intended recipient named above. If you are not the intended",
        "recipient, you are hereby notified that any disclosure, copying, distribution or action",
        "taken in reliance on the contents of these documents is strictly prohibited. If you have",
        "received this fax in error, please notify the sender immediately by telephone and destroy",
        "the documents.",
    ]


def _office_note(day: date, visit: int, rng: random.Random) -> list[list[str]]:
    pain = rng.choice([6, 7, 7, 8])
    page1 = [
        "OFFICE VISIT NOTE                                                Page 1 of 2",
        "Riverside Spine & Orthopedics - 1200 River Rd, Suite 300",
        f"Patient: Jane Q. Sample    DOB: 04/12/1971    Date of service: {_d(day)}",
        "Provider: Treating Physician, MD    Visit type: follow-up"
        if visit
        else "Provider: Treating Physician, MD    Visit type: new patient",
        "",
        "CHIEF COMPLAINT: Low back pain with left leg pain.",
        "",
        "HISTORY OF PRESENT ILLNESS:",
        "54-year-old woman with low back pain for about 4 months, onset after lifting boxes.",
        "Pain radiates into the left buttock and posterior thigh to the calf, worse with sitting",
        f"and bending. Pain is {pain}/10 today. She has completed physical therapy since early",
        "December and has taken naproxen and cyclobenzaprine, with little improvement. Symptoms",
        "persist despite 8 weeks of conservative treatment. She has difficulty sitting through",
        "work and cannot lift her grandchild. No bowel or bladder changes. No history of cancer.",
        "",
        "PAST MEDICAL HISTORY:",
        *[f"  - {p}" for p in _PMH],
        "",
        "MEDICATIONS:",
        *[f"  - {m}" for m in _MEDS],
        "",
        "ALLERGIES: Penicillin (rash). Sulfa drugs (hives).",
        "",
        "SOCIAL HISTORY: Office manager. Never smoker. Drinks alcohol socially. No drug use.",
        "FAMILY HISTORY: Father with coronary artery disease. Mother with osteoarthritis.",
    ]
    page2 = [
        "OFFICE VISIT NOTE                                                Page 2 of 2",
        f"Patient: Jane Q. Sample    Date of service: {_d(day)}",
        "",
        "REVIEW OF SYSTEMS:",
        *_ROS,
        "",
        "PHYSICAL EXAM:",
        f"Vitals: BP 132/84, HR 76, Temp 98.4 F, BMI {rng.choice(['28.1', '28.4', '27.9'])}",
        "Lumbar spine: tenderness over the left L5-S1 paraspinals; flexion limited to 50 degrees.",
        "Straight leg raise positive on the left at 40 degrees, negative on the right.",
        "Strength 5/5 in bilateral lower extremities except 4+/5 left EHL.",
        "Reflexes: patellar 2+ bilaterally, Achilles 1+ on the left, 2+ on the right.",
        "Sensation decreased to light touch over the left lateral foot (S1 dermatome).",
        "Gait: antalgic, able to heel and toe walk.",
        "",
        "ASSESSMENT AND PLAN:",
        "1. Lumbar radiculopathy, left S1 distribution, failed 8 weeks of conservative care",
        "   including physical therapy, NSAIDs and muscle relaxant.",
        "2. Request MRI lumbar spine without contrast to evaluate for disc herniation.",
        "3. Continue home exercise program and naproxen. Follow up after MRI.",
        "",
        "Electronically signed by Treating Physician, MD on " + _d(day),
    ]
    return [page1, page2]


def _pt_notes(start: date, rng: random.Random) -> list[list[str]]:
    evaluation = [
        "PHYSICAL THERAPY INITIAL EVALUATION                              Page 1 of 3",
        "Riverside Rehabilitation Services",
        f"Patient: Jane Q. Sample    Date of evaluation: {_d(start)}",
        "Referring provider: Treating Physician, MD    Diagnosis: M54.16 lumbar radiculopathy",
        "",
        "SUBJECTIVE: Low back pain radiating to the left leg for 6 weeks. Pain 7/10 at worst,",
        "4/10 at best. Aggravated by sitting > 20 minutes, bending and lifting. Sleep disrupted.",
        "Oswestry Disability Index: 44% (severe disability).",
        "",
        "OBJECTIVE:",
        "Lumbar AROM: flexion 50%, extension 25% with pain, side bending limited bilaterally.",
        "Neuro: SLR positive left at 45 degrees. Myotomes intact except L EHL 4+/5.",
        "Palpation: hypertonicity left lumbar paraspinals and piriformis.",
        "",
        "ASSESSMENT: Signs and symptoms consistent with lumbar radiculopathy. Patient would",
        "benefit from skilled PT to reduce pain and improve function.",
        "",
        "PLAN: 2x/week for 8 weeks. Therapeutic exercise, manual therapy, neuromuscular",
        "re-education, HEP. Goals: sit 60 minutes, lift 20 lb, ODI < 20%.",
        "",
        "Electronically signed by Treating Therapist, PT, DPT",
    ]
    rows = []
    day = start
    for i in range(16):
        day = day + timedelta(days=rng.choice([3, 4]))
        pain = max(3, 7 - i // 5)
        rows.append(
            f"{i + 1:>3}  {_d(day)}  {pain}/10   Ther-ex, manual therapy, HEP review   "
            f"   {rng.choice(['tolerated well', 'min improvement', 'pain persists'])}"
        )
    table = [
        "PHYSICAL THERAPY TREATMENT LOG                                   Page 2 of 3",
        "Patient: Jane Q. Sample",
        "",
        "Visit  Date        Pain   Interventions                            Response",
        "-----  ----------  -----  ---------------------------------------  ---------------",
        *rows,
        "",
        "Visits attended: 16 of 16 authorized. No cancellations.",
    ]
    last = day
    discharge = [
        "PHYSICAL THERAPY DISCHARGE SUMMARY                               Page 3 of 3",
        f"Patient: Jane Q. Sample    Date of discharge: {_d(last)}",
        "",
        f"Dates of care: {_d(start)} to {_d(last)} (16 visits over 8 weeks).",
        "Subjective: pain continues to radiate to the left calf, 6/10, no lasting improvement.",
        "Objective: ODI 40%. SLR remains positive on the left at 45 degrees.",
        "Assessment: patient has plateaued; symptoms persist despite physical therapy and",
        "home exercise program. Goals not met.",
        "Plan: discharge to HEP; recommend follow up with referring physician for imaging.",
        "",
        "Electronically signed by Treating Therapist, PT, DPT",
    ]
    return [evaluation, table, discharge]


def _xray_report(day: date) -> list[str]:
    return [
        "RADIOLOGY REPORT",
        "Riverside Imaging Center",
        f"Patient: Jane Q. Sample    Exam date: {_d(day)}",
        "EXAM: XR lumbar spine, 3 views",
        "",
        "CLINICAL HISTORY: Low back pain radiating to the left leg.",
        "COMPARISON: None.",
        "TECHNIQUE: AP, lateral and spot lateral views of the lumbar spine.",
        "",
        "FINDINGS: Five lumbar-type vertebral bodies. Alignment is normal. Vertebral body heights",
        "are maintained. Mild disc space narrowing at L5-S1 with small anterior osteophytes.",
        "No fracture or spondylolisthesis. Sacroiliac joints are unremarkable.",
        "",
        "IMPRESSION: Mild degenerative disc disease at L5-S1. No acute osseous abnormality.",
        "",
        "Electronically signed by Reading Radiologist, MD",
    ]


def packet_pages(n_pages: int, seed: int = 7) -> list[list[str]]:
    """N pages of packet text: a cover, then cycles of office notes, PT notes and imaging."""
    rng = random.Random(seed)
    pages: list[list[str]] = [_fax_cover(REQUEST_DATE - timedelta(days=1), n_pages)]
    cycle = 0
    while len(pages) < n_pages:
        base = REQUEST_DATE - timedelta(days=150 - 20 * cycle)
        block = [
            *_office_note(base, cycle, rng),
            *_pt_notes(base + timedelta(days=5), rng),
            _xray_report(base + timedelta(days=2)),
            *_office_note(REQUEST_DATE - timedelta(days=10 + cycle), 1, rng),
        ]
        pages.extend(block)
        cycle += 1
    return pages[:n_pages]


def write_packet(
    directory: Path, pages: int, *, seed: int = 7, case_id: str = "benchmark-lumbar-mri"
) -> Path:
    """Write ``packet.pdf`` and ``case.json`` under ``directory``; returns the case directory.
    ``seed`` varies the packet's content (the backfill benchmark draws many)."""
    try:
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen import canvas
    except ImportError:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "casebrief benchmark needs reportlab to generate its packet; install the test extra: "
            "pip install 'casebrief[test]' (or pip install reportlab)"
        ) from None
    directory.mkdir(parents=True, exist_ok=True)
    pdf = directory / "packet.pdf"
    c = canvas.Canvas(str(pdf), pagesize=letter)
    c.setTitle("Prior authorization packet (synthetic)")
    for lines in packet_pages(pages, seed=seed):
        c.setFont("Helvetica", 9.5)
        y = 756
        for line in lines:
            if line.startswith("Visit  Date") or line.startswith("-----"):
                c.setFont("Courier", 8.5)
            c.drawString(48, y, line)
            y -= 12.5
        c.setFont("Helvetica", 7)
        c.drawString(48, 24, f"Faxed {_d(REQUEST_DATE - timedelta(days=1))} from (555) 555-0142")
        c.showPage()
    c.save()
    meta = {
        "case_id": case_id,
        "policy": POLICY,
        "request": {
            "request_date": REQUEST_DATE.isoformat(),
            "request_type": "initial",
            "cpt": ["72148"],
            "icd10": ["M54.16", "M54.50"],
            "requesting_provider": "Treating Physician, MD",
        },
        "documents": ["packet.pdf"],
    }
    (directory / "case.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return directory


# --------------------------------------------------------------------------- timing


def brief_once(case_dir: Path) -> tuple[float, dict[str, float], object]:
    """One briefing by :func:`casebrief.service.brief_case`; (seconds, stage seconds, brief)."""
    from casebrief.service import brief_case
    from casebrief.timing import Stopwatch

    sw = Stopwatch()
    t0 = time.perf_counter()
    brief = brief_case(case_dir, stopwatch=sw)
    t = time.perf_counter()
    brief.model_dump_json()
    sw.seconds["JSON serialization"] += time.perf_counter() - t
    return time.perf_counter() - t0, dict(sw.seconds), brief


def pin_one_cpu() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[-1]})
    return f"pinned to CPU {cpus[-1]} (of {len(cpus)} available)"


def rss_peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def run_benchmark(pages: int = 30, repeats: int = 3) -> int:
    """Generate a ``pages``-page packet, brief it ``repeats`` times, print the figures; 0 on
    success.
    """
    pages = max(int(pages), 1)
    repeats = max(int(repeats), 1)
    saved_affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    with tempfile.TemporaryDirectory(prefix="casebrief-bench-") as tmp:
        t = time.perf_counter()
        case_dir = write_packet(Path(tmp) / "case", pages)
        gen_s = time.perf_counter() - t
        size_kb = (case_dir / "packet.pdf").stat().st_size / 1024
        pinned = pin_one_cpu()
        try:
            rss_before_import = rss_peak_mb()
            t = time.perf_counter()
            import casebrief.service  # noqa: F401 - spaCy, medspaCy, scispaCy, pypdfium2
            from casebrief.nlp.pipeline import get_pipeline

            import_s = time.perf_counter() - t
            t = time.perf_counter()
            get_pipeline()
            build_s = time.perf_counter() - t
            cold_s, cold_stages, brief = brief_once(case_dir)
            warm: list[tuple[float, dict[str, float]]] = []
            for _ in range(repeats):
                s, st, brief = brief_once(case_dir)
                warm.append((s, st))
            rss_peak = rss_peak_mb()
            tracemalloc.start()
            brief_once(case_dir)
            _, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            if saved_affinity is not None:
                os.sched_setaffinity(0, saved_affinity)

    warm_s = statistics.median(s for s, _ in warm)
    stage_median = {k: statistics.median(st.get(k, 0.0) for _, st in warm) for k in STAGES}
    n_docs = len(brief.documents)
    print(
        f"casebrief benchmark: {pages}-page text-PDF packet "
        f"({size_kb:.0f} KB, {n_docs} documents found, "
        f"policy {POLICY}, status {brief.summary.status}); generated in {gen_s:.2f} s"
    )
    print(f"  {pinned}; Python {sys.version.split()[0]}")
    print(
        f"  cold: {import_s + build_s + cold_s:.3f} s  = imports "
        f"{import_s:.3f} s + pipeline build {build_s:.3f} s "
        f"+ first briefing {cold_s:.3f} s"
    )
    print(
        f"  warm: {warm_s:.3f} s/case (median of {repeats}; min {min(s for s, _ in warm):.3f}, "
        f"max {max(s for s, _ in warm):.3f})  ->  {pages / warm_s:.1f} pages/s"
    )
    print(
        f"  target < {TARGET_S:.1f} s per warm {pages}-page "
        f"packet: {'MET' if warm_s < TARGET_S else 'NOT MET'}"
    )
    cold_total = import_s + build_s + cold_s
    print(
        f"  faster-core target (backfill): warm <= {FAST_WARM_S} s "
        f"{'MET' if warm_s <= FAST_WARM_S else 'NOT MET'}, cold <= {FAST_COLD_S} s "
        f"{'MET' if cold_total <= FAST_COLD_S else 'NOT MET'}"
    )
    print(
        f"  peak RSS (process high-water, incl. imports and pipeline): {rss_peak:.0f} MiB "
        f"(before imports {rss_before_import:.0f} MiB)"
    )
    print(
        "  tracemalloc peak for one warm briefing (Python "
        f"allocations only): {traced_peak / 2**20:.1f} MiB"
    )
    print("  where the warm time goes (median per stage):")
    accounted = sum(stage_median.values())
    for k in STAGES:
        v = stage_median[k]
        print(f"    {k:24s} {v * 1000:8.1f} ms  {100 * v / warm_s:5.1f} %")
    print(
        f"    {'(other / overhead)':24s} {(warm_s - accounted) * 1000:8.1f} "
        f"ms  {100 * (warm_s - accounted) / warm_s:5.1f} %"
    )
    print(
        "  cold first briefing by stage: "
        + ", ".join(f"{k} {cold_stages.get(k, 0) * 1000:.0f} ms" for k in STAGES)
    )
    return 0
