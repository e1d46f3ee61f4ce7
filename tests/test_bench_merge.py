"""``bench.merge``: the report an article is taken to be about, as the merge figures read it, and the background
stored as news."""

from datetime import date

from bench.merge import main_report, news_after


def report(cameo: str, historical: bool, killed: int | None = None, confidence: float = 0.7,
           day: date | None = None) -> dict:
    return {"cameo_root": cameo[:2], "historical": historical, "killed_best": killed, "injured_best": None,
            "confidence": confidence, "start_char": 0, "cameo": cameo, "event_date": day}


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


def test_current_violence_dated_over_a_week_after_its_incident_is_background_stored_as_news():
    shooting = date(2024, 3, 2)
    told = report("180", False, killed=1, day=date(2024, 3, 3))
    verdict_day = report("180", False, killed=1, day=date(2024, 5, 20))  # the court story's shooting, as news
    recalled = report("180", True, killed=1, day=date(2024, 3, 2))
    sentence = report("115", False, day=date(2024, 5, 20))
    week_on = report("190", False, day=date(2024, 3, 9))  # a week on: still the incident's week
    current, stale = news_after(shooting, [told, verdict_day, recalled, sentence, week_on])
    assert current == [told, verdict_day, week_on] and stale == [verdict_day]
    assert news_after(None, [verdict_day]) == ([verdict_day], [])
