import json, time
from streams.cli import publish_paths
from tests.conftest import SEEDS

def test_explore(sqlite_worker):
    w = sqlite_worker
    sent, _ = publish_paths(w.settings, [SEEDS], w.settings.topic_articles)
    time.sleep(15)
    out = {}
    for p in ["/healthz/", "/healthz/live/", "/dashboard/api/pipeline/", "/dashboard/api/latest/", "/dashboard/api/casualties/", "/dashboard/", "/"]:
        st, body = w.get(p)
        out[p] = (st, body.decode()[:3000])
    st, body = w.get("/metrics")
    out["/metrics"] = (st, body.decode())
    open("/tmp/explore/out.json", "w").write(json.dumps(out, indent=1))
