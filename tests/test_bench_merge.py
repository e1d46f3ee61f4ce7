"""``bench.merge.main_report``: the report an article is taken to be about, as the merge figures read it."""

from bench.merge import main_report


def report(cameo: str, historical: bool, killed: int | None = None, confidence: float = 0.7) -> dict:
    return {"cameo_root": cameo[:2], "historical": historical, "killed_best": killed, "injured_best": None,
            "confidence": confidence, "start_char": 0, "cameo": cameo}


def test_an_article_is_about_its_current_violence_else_its_current_report():
    news = report("180", False, killed=1)
    assert main_report([report("173", False, confidence=0.9), news, report("180", True, killed=3)]) is news
    arrest = report("173", False)
    assert main_report([arrest, report("180", True, killed=3)]) is arrest  # the past shooting is background


def test_the_follow_up_variant_reads_a_follow_up_as_about_its_past_violence():
    arrest, shooting = report("173", False), report("180", True, killed=3)
    assert main_report([arrest, shooting], follow_ups=True) is shooting
    news = report("193", False)
    assert main_report([news, shooting], follow_ups=True) is news  # an article with news of its own
    assert main_report([arrest], follow_ups=True) is arrest
