"""`screener criteria validate|apply|explain` and the stateless `screener check`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import (
    JsonOption,
    ReviewOption,
    err,
    open_review,
    out,
    plural,
    print_json,
    print_json_line,
    progress_bar,
)
from screener.errors import ParseIssue
from screener.screening.ui.printable import LONGEST_SHOWN, blanked, cut, printable, shown

if TYPE_CHECKING:
    from rich.text import Text

criteria_app = typer.Typer(
    help="The review's inclusion criteria (criteria.toml).", no_args_is_help=True
)

_STYLE = {"pass": "green", "fail": "red", "unknown": "yellow"}
_OUTCOME_STYLE = {"pass": "green", "flag": "yellow", "exclude": "red"}


def validate(
    file: Annotated[
        Path | None, typer.Argument(help="A criteria file (default: the review's).", dir_okay=False)
    ] = None,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Check a criteria file: keys, rule kinds, values and queries, with lines and hints.

    Example:  screener criteria validate criteria.toml
    """
    from screener.criteria import validate_criteria

    if file is None:
        with open_review(review_dir) as review:
            file = review.criteria_path
    problems = validate_criteria(file)
    if json_output:
        print_json([p.as_json() for p in problems])
    else:
        console = err()
        for problem in problems:
            console.print(f"{problem}", markup=False)
            if problem.pointer:
                console.print(problem.pointer, markup=False)
        if not problems:
            console.print(shown(f"{file}: valid"))
    if problems:
        raise typer.Exit(1)


def apply(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what each rule would do; change nothing.")
    ] = False,
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Run the criteria over every record: exclude or flag automatically (one transaction).

    Re-running after an edit replaces the previous run; records a person decided are kept.

    Example:  screener criteria apply --dry-run
    """
    with open_review(review_dir) as review:
        total = review.record_count()
        with progress_bar(
            "Applying criteria", total, enabled=not json_output, unit="records"
        ) as update:
            report = review.apply_criteria(dry_run=dry_run, progress=update)
    if json_output:
        print_json(report.as_json())
        return
    console = out()
    for rule, count in sorted(report.would_exclude.items()):
        console.print(
            f"rule {rule} {'would exclude' if dry_run else 'excludes'} {plural(count, 'record')}",
            markup=False,
        )
    for rule, count in sorted(report.would_flag.items()):
        console.print(
            f"rule {rule} {'would flag' if dry_run else 'flags'} {plural(count, 'record')}",
            markup=False,
        )
    console.print(
        f"{plural(report.records, 'record')}: {report.excluded} excluded automatically,"
        f" {report.flagged} flagged, {report.passed} passed"
        + (
            f"; {report.decided_by_person} decided by a person kept"
            if report.decided_by_person
            else ""
        )
        + (" (dry run: nothing written)" if dry_run else "")
    )


def _highlighted(text: str, spans: list[tuple[int, int]]) -> Text:
    from rich.text import Text

    rendered = Text(blanked(text))
    for start, end in spans:
        rendered.stylize("bold reverse", start, end)
    return rendered


def explain(
    record_id: Annotated[int, typer.Argument(help="The record's id.")],
    review_dir: ReviewOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show rule by rule why a record passed, was flagged or was excluded.

    Example:  screener criteria explain 42
    """
    from rich.table import Table
    from rich.text import Text

    from screener.criteria import field_text

    with open_review(review_dir) as review:
        explanation = review.explain(record_id)
    if json_output:
        print_json(explanation.as_json())
        return
    record, evaluation = explanation.record, explanation.evaluation
    console = out()
    style = _OUTCOME_STYLE[evaluation.outcome]
    console.print(Text.assemble(f"Record {record_id}: ", (evaluation.outcome, f"bold {style}")))
    console.print(Text(printable(record.title) or "(no title)", style="bold"))
    table = Table()
    for column in ("rule", "kind", "result", "action", "why"):
        table.add_column(column, overflow="fold")
    spans_by_field: dict[str, list[tuple[int, int]]] = {}
    for result in evaluation.results:
        table.add_row(
            shown(result.id),
            result.kind,
            Text(result.result, style=_STYLE.get(result.result, "")),
            result.effect or "-",
            shown(result.detail or (result.reason if result.result != "pass" else "")),
        )
        for match in result.matches:
            spans_by_field.setdefault(match.field, []).extend(match.spans)
    console.print(table)
    for name, spans in spans_by_field.items():
        console.print(Text(f"{name}:", style="bold"))
        text = field_text(record, name)
        kept = [(start, end) for start, end in sorted(set(spans)) if end <= LONGEST_SHOWN]
        console.print(_highlighted(cut(text, whole="records show --full"), kept))


def check(
    files: Annotated[list[Path], typer.Argument(help="Export files to check.")],
    criteria_file: Annotated[
        Path, typer.Option("--criteria", help="The criteria file.", dir_okay=False)
    ],
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 if any record is 'exclude' (or 'flag' or worse)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Check records against criteria without a review: one JSON line per record with --json.

    Example:  screener check --criteria criteria.toml hits.ris --json
    """
    from rich.table import Table
    from rich.text import Text

    from screener.criteria import load_criteria
    from screener.review.criteria import check_files, check_line

    if fail_on not in (None, "exclude", "flag"):
        raise typer.BadParameter("--fail-on takes exclude or flag", param_hint="--fail-on")
    criteria = load_criteria(criteria_file)
    counts = {"pass": 0, "flag": 0, "exclude": 0}
    table = Table(show_lines=False)
    for column in ("key", "outcome", "failed rules", "title"):
        table.add_column(column, overflow="fold")
    issues: list[ParseIssue] = []
    for item in check_files(criteria, files):
        if isinstance(item, ParseIssue):
            issues.append(item)
            continue
        record, evaluation = item
        counts[evaluation.outcome] += 1
        if json_output:
            print_json_line(check_line(record, evaluation))
        else:
            failed = ", ".join(r.id for r in evaluation.results if r.effect)
            table.add_row(
                shown(record.key),
                Text(evaluation.outcome, style=_OUTCOME_STYLE[evaluation.outcome]),
                shown(failed),
                shown(record.title),
            )
    console = err()
    for issue in issues[:20]:
        console.print(shown(f"{issue.severity}: {issue}"))
    if not json_output:
        out().print(table)
    console.print(
        f"{sum(counts.values())} records: {counts['pass']} pass, {counts['flag']} flag,"
        f" {counts['exclude']} exclude"
    )
    failing = counts["exclude"] + (counts["flag"] if fail_on == "flag" else 0)
    if fail_on and failing:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    criteria_app.command("validate")(validate)
    criteria_app.command("apply")(apply)
    criteria_app.command("explain")(explain)
    app.add_typer(criteria_app, name="criteria")
    app.command("check")(check)
