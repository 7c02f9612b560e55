# ruff: noqa: E501 -- invented record lines kept whole
"""A stop word told of something that is no counted therapy -- another drug, a habit, a job --
does not end the NSAID named beside it (review of 8306924; each had ended a running course on
the stop's date).  A stop of the therapy itself still ends it."""

import pytest

_LATER = (
    "2026-04-01",
    "OFFICE VISIT\nLow back pain persists, no better. Still taking naproxen 500 mg twice daily.\n"
    "Exam: SLR positive on the left, strength 5/5, reflexes 2+ and symmetric.\n",
)


def _weeks(brief_packet, told: str):
    first = (
        "2026-01-05",
        "OFFICE VISIT\nLow back pain radiating to the left leg for 4 months. " + told + "\n",
    )
    c = brief_packet("lumbar-spine-mri", "2026-04-10", {"01.txt": first, "02.txt": _LATER})[
        "conservative-therapy"
    ]
    return c.status, c.value


@pytest.mark.parametrize(
    "told",
    [
        "Started naproxen 500 mg BID on 01/05/2026. Gabapentin stopped 02/2026 due to sedation.",
        "Started naproxen 500 mg BID on 01/05/2026, gabapentin 300 mg was discontinued 02/10/2026.",
        "Started naproxen 500 mg BID on 01/05/2026 and quit smoking 02/2026.",
        "Started naproxen 500 mg BID on 01/05/2026. She stopped working 02/10/2026 because of the pain.",
    ],
)
def test_another_subjects_stop_leaves_the_course_running(brief_packet, told: str) -> None:
    status, weeks = _weeks(brief_packet, told)
    assert status == "met"
    assert weeks == pytest.approx(13.6, abs=0.2)  # 01/05 to the request: "still taking"


@pytest.mark.parametrize(
    "told",
    [
        "Started naproxen 500 mg BID on 01/05/2026. Stopped 02/10/2026 due to GI upset.",
        "Started naproxen 500 mg BID on 01/05/2026 along with gabapentin; naproxen stopped 02/10/2026.",
        "Started naproxen 500 mg BID on 01/05/2026, gabapentin and naproxen both stopped 02/10/2026.",
    ],
)
def test_the_therapys_own_stop_still_ends_it(brief_packet, told: str) -> None:
    status, weeks = _weeks(brief_packet, told)
    assert status == "not_met"
    assert weeks == pytest.approx(5.1, abs=0.2)
