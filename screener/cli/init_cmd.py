"""`screener init`: a new review folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screener.cli.common import JsonOption, err, print_json
from screener.screening.ui.printable import printable, shown


def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder for the review (created if missing).", file_okay=False)
    ] = Path("."),
    title: Annotated[str | None, typer.Option("--title", help="The review's title.")] = None,
    template: Annotated[
        str,
        typer.Option("--template", help="Criteria template: rea, pico or blank."),
    ] = "blank",
    json_output: JsonOption = False,
) -> None:
    """Create a review folder: screener.toml, criteria.toml (from a template), screener.db.

    Example:  screener init csa-rea --template rea --title "Online offending REA"
    """
    from rich.text import Text

    from screener.review import Review

    with Review.create(folder, title=title, template=template) as review:
        if json_output:
            print_json({**review.as_json(), "kept": list(review.kept_files)})
            return
        console = err()
        console.print(
            Text.assemble("Created review ", (printable(review.settings.title), "bold"))
            + shown(f" in {review.root}")
        )
        for name in review.kept_files:
            console.print(shown(f"Kept the {name} already in the folder (not the template's)"))
        if "criteria.toml" not in review.kept_files:
            console.print(shown(f"Criteria from the {template!r} template: {review.criteria_path}"))
        console.print("Next: screener import FILE --database NAME --searched-on YYYY-MM-DD")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
