"""`clausecheck eval`: the rules measured against contracts labelled by hand.

    labels    the labels file: `Label` rows, `read_labels`, `default_labels_path`
    scoring   a label paired with its finding (`Item`), the `Figures` of a group of items,
              the `--fail-under` thresholds
    evaluate  the evaluation: every labelled contract of a folder checked and scored
              (`evaluate` -> `Evaluation`)

Its views (table, JSON `clausecheck/eval@1`, markdown) are in `report.evaluation`, the
command in `app.eval`; the user's manual is docs/eval.md.
"""

from clausecheck.evaluation.evaluate import Evaluation, apply_thresholds, evaluate, sort_items
from clausecheck.evaluation.labels import Label, default_labels_path, read_labels
from clausecheck.evaluation.scoring import (
    ALL,
    LANGUAGES,
    METRICS,
    Figures,
    Item,
    Threshold,
    ThresholdResult,
    figures,
    make_item,
    parse_threshold,
    reported_verdict,
)

__all__ = [
    "ALL",
    "LANGUAGES",
    "METRICS",
    "Evaluation",
    "Figures",
    "Item",
    "Label",
    "Threshold",
    "ThresholdResult",
    "apply_thresholds",
    "default_labels_path",
    "evaluate",
    "figures",
    "make_item",
    "parse_threshold",
    "read_labels",
    "reported_verdict",
    "sort_items",
]
