"""The benchmark's peer: csdid (the Python port of R did) on the same panels, with the same work.

Usage: csdid_peer.py OUT_JSON PANEL_CSV...
Each panel: ATT(g,t) against never-treated units, the multiplier bootstrap with 999 draws and a
uniform band, then the simple, dynamic and group aggregations, each bootstrapped. The time of
each panel is measured around that work only (not the interpreter's start or the imports).
"""
import json
import sys
import time
import warnings

import pandas as pd

warnings.simplefilter("ignore")
from csdid.att_gt import ATTgt  # noqa: E402


def main(out_json, *panels):
    seconds, simple = [], []
    for panel in panels:
        data = pd.read_csv(panel)
        started = time.perf_counter()
        fitted = ATTgt(yname="outcome", tname="period", idname="unit", gname="first_treated", data=data,
                       control_group="nevertreated", biters=999, cband=True).fit(est_method="dr", bstrap=True)
        # aggte returns the fitted object with its latest aggregation: read each one right away
        overall = {kind: float(fitted.aggte(typec=kind).atte["overall_att"]) for kind in ("simple", "dynamic", "group")}
        seconds.append(time.perf_counter() - started)
        simple.append(overall["simple"])
    with open(out_json, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "simple": simple}, out)


if __name__ == "__main__":
    main(*sys.argv[1:])
