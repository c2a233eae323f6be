"""The `haitao` command: one entry point with a subcommand per job."""

from __future__ import annotations

import sys

import click

from core.errors import HaitaoError
from core.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="haitao")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Haitao: overseas store catalogs, prices in your currency, rebate links.

    Settings come from the environment: HAITAO_HOME (data directory, default ./var),
    DATABASE_URL, ELASTICSEARCH_URL, SECRET_KEY and HAITAO_STORES.
    """
    ctx.obj = Settings.from_env()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a HaitaoError becomes one line on stderr and exit status 1."""
    _register_commands()
    try:
        cli.main(args=argv, prog_name="haitao", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except HaitaoError as exc:
        click.echo(f"haitao: error: {exc}", err=True)
        sys.exit(1)


def _register_commands() -> None:
    from cli import (
        alerts_commands,
        crawl_commands,
        landed_commands,
        ops_commands,
        payouts_commands,
        rates_commands,
        rebates_commands,
        site_commands,
    )

    for module in (
        crawl_commands,
        site_commands,
        rates_commands,
        landed_commands,
        rebates_commands,
        payouts_commands,
        ops_commands,
        alerts_commands,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)
