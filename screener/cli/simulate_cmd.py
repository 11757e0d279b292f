"""`screener simulate`: replay a labelled set through prioritised screening."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import JsonOption, out, print_json, progress_bar, say
from screener.errors import ScreenerError

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from screener.formats.output import OutputSet
    from screener.ranking.replay import Replay, SimulationOptions

DEFAULT_LABELS = "label_included"


def simulate(
    file: Annotated[
        Path,
        typer.Argument(
            help="A labelled export (a CSV with title, abstract and the labels column, or any"
            " format screener reads); with --batch, a folder of such CSV files.",
            show_default=False,
        ),
    ],
    labels: Annotated[
        str,
        typer.Option("--labels", help="The column holding 1 (relevant) or 0 (irrelevant)."),
    ] = DEFAULT_LABELS,
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            min=0,
            max=2**32 - 1,
            help="Chooses the priors; the same seed, the same run.",
        ),
    ] = 0,
    prior_included: Annotated[
        int, typer.Option("--prior-included", min=1, help="Relevant records known at the start.")
    ] = 1,
    prior_excluded: Annotated[
        int,
        typer.Option("--prior-excluded", min=1, help="Irrelevant records known at the start."),
    ] = 1,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the recall curve against random as SVG."),
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help="FILE is a folder: simulate every CSV in it.")
    ] = False,
    stopping: Annotated[
        bool,
        typer.Option(
            "--stopping",
            help="Also report where the buscar rule and the random-sample target method"
            " (95% recall, 95% confidence) would have stopped: recall and share screened.",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Replay a labelled set through prioritised screening and measure it.

    From one random relevant and one random irrelevant record (--seed), the
    model is retrained as it would be while screening, and the record it
    ranks first is screened next. Reports WSS@95 and @100, recall at 10% and
    25% of the records, RRF@10 and the average time to discovery
    (asreview-insights' definitions, the priors left out).

    Example:  screener simulate labelled.csv --labels label_included -o curve.svg
    """
    from screener.ranking.replay import SimulationOptions

    options = SimulationOptions(seed, prior_included, prior_excluded, stopping)
    if batch:
        if output is not None:
            raise typer.BadParameter("-o draws one file's curve; not with --batch", param_hint="-o")
        _batch(file, labels, options, json_output)
        return
    if file.is_dir():
        raise typer.BadParameter(f"{file} is a folder; add --batch to simulate its CSV files")
    if output is not None and output.suffix.lower() != ".svg" and str(output) != "-":
        raise typer.BadParameter("the recall curve is an SVG: name the file *.svg", param_hint="-o")
    outputs = _outputs(file, output)
    replay = _replay(file, labels, options, json_output)
    if output is not None:
        _write_curve(replay, output, outputs)
    if json_output:
        print_json(replay.result.as_json())
        return
    _print_result(replay)


def _replay(file: Path, labels: str, options: SimulationOptions, quiet: bool) -> Replay:
    from screener.ranking.replay import replay_file

    if not file.is_file():
        raise ScreenerError("no such file", file=str(file))
    with progress_bar(f"Simulating {file.name}", None, enabled=not quiet, unit="records") as bar:
        replay = replay_file(file, labels, options, progress=lambda done, total: bar(done, total))
    for warning in replay.labelled.warnings:
        say(f"{file}: warning: {warning}")
    return replay


def _outputs(file: Path, output: Path | None) -> OutputSet | None:
    """The curve's output, checked before the simulation runs; the labelled file itself
    is never written over."""
    from screener.formats.output import OutputSet

    if output is None:
        return None
    outputs = OutputSet(refuse={file: "the labelled file being simulated"})
    outputs.check([output])
    return outputs


def _write_curve(replay: Replay, output: Path, outputs: OutputSet | None) -> None:
    from screener.ranking.curve_svg import recall_curve_svg

    assert outputs is not None
    title = f"{replay.labelled.name}: recall against records screened"
    with outputs, outputs.open(output) as stream:
        stream.write(recall_curve_svg(replay.run.screened_labels, title))


def _print_result(replay: Replay) -> None:
    result = replay.result
    console = out()
    console.print(
        f"{replay.labelled.name}: {result.records:,} records, {result.relevant:,} relevant"
        " (priors left out)",
        markup=False,
    )
    rows = [
        ("WSS@95", f"{result.wss_95:.3f}"),
        ("WSS@100", f"{result.wss_100:.3f}"),
        ("recall at 10%", f"{result.recall_at_10:.3f}"),
        ("recall at 25%", f"{result.recall_at_25:.3f}"),
        ("RRF@10", f"{result.rrf_10:.3f}"),
        ("average time to discovery", f"{result.atd:,.1f} records"),
        ("seconds", f"{result.seconds:.2f}"),
    ]
    for outcome in result.stopping:
        p_value = "" if outcome.p_value is None else f", p = {outcome.p_value:.3g}"
        rows.append(
            (
                f"{outcome.method} stops at",
                f"{outcome.share_screened:.1%} screened, recall {outcome.recall:.3f}{p_value}",
            )
        )
    for name, value in rows:
        console.print(f"  {name:<26} {value}", markup=False)


def _batch(folder: Path, labels: str, options: SimulationOptions, json_output: bool) -> None:
    from screener.ranking.replay import replay_file

    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder (--batch takes a folder of CSV files)")
    files = sorted(path for path in folder.iterdir() if _is_csv(path))
    if not files:
        raise ScreenerError("no CSV files in the folder", file=str(folder))
    replays: list[Replay] = []
    failures: list[tuple[Path, ScreenerError]] = []
    with progress_bar("Simulating", len(files), enabled=not json_output, unit="files") as bar:
        for done, path in enumerate(files):
            bar(done, description=f"Simulating {path.name}")
            try:
                replays.append(replay_file(path, labels, options))
            except ScreenerError as error:
                say(f"screener: {error}")
                failures.append((path, error))
        bar(len(files))
    if json_output:
        # Each file in folder order: its figures, or the error that stopped it.
        found = {r.labelled.name: {"file": r.labelled.name, **r.result.as_json()} for r in replays}
        for path, failure in failures:
            found[path.name] = {"file": path.name, "error": str(failure)}
        print_json([found[path.name] for path in files if path.name in found])
    elif replays:
        out().print(_batch_table(replays, options.stopping))
    if failures:
        raise typer.Exit(1)


def _is_csv(path: Path) -> bool:
    """A CSV file of the batch folder, whatever the case of its suffix."""
    return path.suffix.lower() == ".csv" and path.is_file()


def _batch_table(replays: list[Replay], stopping: bool) -> Table:
    from rich.table import Table

    from screener.screening.ui.printable import shown

    table = Table(title="Simulated screening (priors left out)", title_justify="left")
    columns = ["file", "records", "relevant", "WSS@95", "WSS@100", "recall@10%", "recall@25%"]
    columns += ["ATD", "seconds"]
    if stopping:
        columns += ["buscar screened", "buscar recall"]
    for column in columns:
        table.add_column(column, justify="left" if column == "file" else "right")
    for replay in replays:
        result = replay.result
        row: list[str | Text] = [
            shown(replay.labelled.name),
            f"{result.records:,}",
            f"{result.relevant:,}",
            f"{result.wss_95:.3f}",
            f"{result.wss_100:.3f}",
            f"{result.recall_at_10:.3f}",
            f"{result.recall_at_25:.3f}",
            f"{result.atd:,.1f}",
            f"{result.seconds:.2f}",
        ]
        if stopping:
            buscar = result.stopping[0]
            row += [f"{buscar.share_screened:.1%}", f"{buscar.recall:.3f}"]
        table.add_row(*row)
    return table


def register(app: typer.Typer) -> None:
    app.command(no_args_is_help=True)(simulate)
