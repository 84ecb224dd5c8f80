"""The independent oracle for the Java estimator: csdid (the Python port of R `did`) on one panel.

Usage: csdid_oracle.py PANEL_CSV CONTROL_GROUP OUT_JSON
PANEL_CSV has columns unit,period,outcome,first_treated (0 = never treated), R did's encoding.
CONTROL_GROUP is nevertreated or notyettreated. Analytic standard errors (no bootstrap), so the
figures are deterministic; the JSON holds ATT(g,t), the Wald pre-test and three aggregations.
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")
from csdid.att_gt import ATTgt  # noqa: E402


def number(value):
    value = float(value)
    return None if not np.isfinite(value) else value


def main(panel_csv, control_group, out_json):
    data = pd.read_csv(panel_csv)
    balanced = len(data) == data.unit.nunique() * data.period.nunique()
    model = ATTgt(yname="outcome", tname="period", idname="unit", gname="first_treated", data=data,
                  control_group=control_group, allow_unbalanced_panel=not balanced, cband=False)
    fitted = model.fit(est_method="dr", base_period="varying", bstrap=False)
    results = fitted.results
    cells = [{"cohort": int(g), "period": int(t), "att": number(att), "se": number(se)}
             for g, t, att, se in zip(results["group"], results["year"], results["att"], results["se"])]
    # The Wald pre-test sits with the estimation's other outputs (R did's MP object)
    wald = fitted.MP
    output = {"balanced": bool(balanced), "cells": cells, "W": number(wald["W"]) if wald.get("W") is not None else None,
              "Wpval": number(wald["Wpval"]) if wald.get("Wpval") is not None else None, "aggregations": {}}
    for kind in ("simple", "dynamic", "group"):
        aggregated = fitted.aggte(typec=kind, bstrap=False, cband=False).atte
        parts = []
        if kind != "simple":
            parts = [{"key": int(key), "att": number(att), "se": number(se)}
                     for key, att, se in zip(aggregated["egt"], aggregated["att_egt"], np.atleast_1d(aggregated["se_egt"]))]
        output["aggregations"][kind] = {"att": number(aggregated["overall_att"]), "se": number(aggregated["overall_se"]), "parts": parts}
        if kind == "dynamic":
            # The event study's covariance as HonestDiD is fed it: Ψ'Ψ / n² of the event-time influence functions
            influence = np.asarray(aggregated["inf_function"]["dynamic_inf_func_e"], dtype=float)
            output["event_study_covariance"] = (influence.T @ influence / influence.shape[0] ** 2).tolist()
    with open(out_json, "w", encoding="utf-8") as out:
        json.dump(output, out)


if __name__ == "__main__":
    main(*sys.argv[1:])
