"""`screener stopping sample`: screening the random sample of the target stopping method."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from screener.cli.common import ReviewOption, err, open_review, plural, say
from screener.cli.screen_cmds import ReviewerOption
from screener.errors import ScreenerError
from screener.model import Stage

if TYPE_CHECKING:
    from screener.screening.ui.sample import SampleSession

stopping_app = typer.Typer(
    help="When screening may stop: the target method's random sample.", no_args_is_help=True
)


def sample(
    reviewer: ReviewerOption = None,
    plain: Annotated[
        bool,
        typer.Option("--plain", help="Line prompts on stdin/stdout (pipes, screen readers)."),
    ] = False,
    review_dir: ReviewOption = None,
) -> None:
    """Screen the target stopping method's random sample until it holds its target set.

    The target set: the relevant records (59 for 95% recall at 95% confidence) that, once
    prioritised screening has come to every one of them, let screening stop. The keys are
    those of `screen`; then go on with `screener screen`. The sample is the title-abstract
    records in a random order drawn from the review's id: every copy of a team review
    draws the same, and `sync` carries the verdicts on it. Records already screened count
    where the draw meets them. Needs \\[stopping] method = "target" in screener.toml;
    `screener status` reports the method's figures.

    Example:  screener stopping sample --reviewer ana
    """
    from screener.screening.ui.sample import SampleSession

    stage = Stage.TITLE_ABSTRACT.value
    with open_review(review_dir, reviewer) as review:
        method = review.settings.stopping.method
        if method != "target":
            raise ScreenerError(
                f'[stopping] method is "{method}": the random sample belongs to the target'
                ' method (method = "target" in screener.toml)',
                file=str(review.root / "screener.toml"),
            )
        with err().status("Drawing the random sample...") as status:

            def preparing(step: str) -> None:
                status.update(f"{step}...")

            session = SampleSession(review, stage=stage, reviewer=reviewer, order="imported",
                                    progress=preparing)  # fmt: skip
        if not session.complete:
            _run(session, plain)
        decided = session.progress().session_decisions
        report = review.stopping_report(stage)
    say(f"{plural(decided, 'decision')} saved this session.")
    say(report.text())


def _run(session: SampleSession, plain: bool) -> None:
    if plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from screener.screening.ui.plain import run_plain

        run_plain(session, sys.stdin, sys.stdout)
        return
    from screener.screening.ui.app import ScreeningApp

    try:
        ScreeningApp(session).run()
    finally:
        session.close()


def register(app: typer.Typer) -> None:
    stopping_app.command("sample")(sample)
    app.add_typer(stopping_app, name="stopping")
