"""Commands on rebates: programs, network secrets, users, conversion imports, claims, payouts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from core.errors import HaitaoError
from core.settings import Settings
from operations.bootstrap import migrated_sessions

console = Console()


class DecimalParam(click.ParamType):
    name = "decimal"

    def convert(self, value, param, ctx) -> Decimal:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.fail(f"{value!r} is not a decimal number", param, ctx)


DECIMAL = DecimalParam()


@click.group()
def rebates() -> None:
    """Rebate programs and affiliate networks."""


@rebates.command("load")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def load(settings: Settings, path: Path | None) -> None:
    """Load config/rebates.yaml (or --file) into the database.

    Programs named in the file are overwritten with its values (undoing `rebates set` edits
    to them); network secrets are kept.
    """
    from rebates.programs import REBATES_FILE, load_programs, read_rebates_file

    seed = read_rebates_file(path or REBATES_FILE)
    with migrated_sessions(settings).begin() as session:
        loaded = load_programs(session, seed)
        click.echo(f"loaded {len(loaded)} programs: {', '.join(p.store_id for p in loaded)}")


@rebates.command("programs")
@click.pass_obj
def programs(settings: Settings) -> None:
    """List the programs with their rates, shares and cookie windows."""
    from rebates.tables import Program

    table = Table("store", "network", "rate", "cap", "share", "cookie days", "active")
    with migrated_sessions(settings)() as session:
        for p in session.scalars(select(Program).order_by(Program.store_id)):
            table.add_row(
                p.store_id, p.network, str(p.commission_rate), str(p.commission_cap or ""),
                str(p.affiliate_share), str(p.cookie_days), "yes" if p.active else "no",
            )  # fmt: skip
    console.print(table)


@rebates.command("set")
@click.argument("store_id")
@click.option("--rate", type=DECIMAL, help="Flat commission rate (0.08 is 8 %).")
@click.option("--cap", type=DECIMAL, help="Commission cap per order, store currency.")
@click.option("--share", type=DECIMAL, help="The affiliate's share of the commission.")
@click.option("--cookie-days", type=click.IntRange(1, 365))
@click.option("--active/--paused", default=None)
@click.pass_obj
def set_program(settings: Settings, store_id: str, **changes) -> None:
    """Edit one program (an operator's change; the seed file is not rewritten)."""
    from rebates.tables import Program

    columns = {"rate": "commission_rate", "cap": "commission_cap", "share": "affiliate_share"}
    with migrated_sessions(settings).begin() as session:
        program = session.scalar(select(Program).where(Program.store_id == store_id))
        if program is None:
            raise HaitaoError(f"no rebate program for store {store_id!r}")
        for name, value in changes.items():
            if value is not None:
                if name in ("rate", "share") and not Decimal(0) <= value <= 1:
                    raise HaitaoError(f"--{name} must be between 0 and 1")
                setattr(program, columns.get(name, name), value)
    click.echo(f"program {store_id} updated")


@rebates.command("secret")
@click.argument("network")
@click.option("--rotate", is_flag=True, help="Replace the secret with a new one.")
@click.pass_obj
def secret(settings: Settings, network: str, rotate: bool) -> None:
    """Print a network's postback signing secret (to give to the network)."""
    from rebates.programs import new_secret
    from rebates.tables import Network

    with migrated_sessions(settings).begin() as session:
        row = session.get(Network, network)
        if row is None:
            raise HaitaoError(f"unknown network {network!r}")
        if rotate:
            row.postback_secret = new_secret()
        click.echo(row.postback_secret)


@rebates.command("postback-url")
@click.argument("network")
@click.option("--site", default="https://haitao.example", show_default=True,
              help="The site's public base URL.")  # fmt: skip
@click.pass_obj
def postback_url(settings: Settings, network: str, site: str) -> None:
    """Print the URL to paste into NETWORK's console; replace each <…> with its macro."""
    from urllib.parse import urlencode

    from rebates.postback_config import PostbackFormat
    from rebates.postback_formats import url_token
    from rebates.tables import Network

    with migrated_sessions(settings)() as session:
        row = session.get(Network, network)
        if row is None:
            raise HaitaoError(f"unknown network {network!r}")
        if row.postback_format is None:
            raise HaitaoError(f"network {network} has no `postback:` format in the rebates file")
        fmt = PostbackFormat.model_validate(row.postback_format)
        query = {fmt.token_param: url_token(row.postback_secret)} if "token" in fmt.auth else {}
    query |= {name: f"<{field}>" for field, name in fmt.params.items()}
    click.echo(f"{fmt.method} {site.rstrip('/')}/postback/{network}?{urlencode(query, safe='<>')}")


@click.group()
def users() -> None:
    """Affiliate and operator accounts."""


@users.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["affiliate", "operator"]), default="affiliate")
@click.password_option()
@click.pass_obj
def add_user(settings: Settings, email: str, role: str, password: str) -> None:
    """Create an account (operators are created here, never by web sign-up)."""
    from rebates.accounts import create_user

    with migrated_sessions(settings).begin() as session:
        create_user(session, email, password, role)
    click.echo(f"{role} {email} created")


def _account(session, email: str):
    from rebates.accounts import find_user

    user = find_user(session, email)
    if user is None:
        raise HaitaoError(f"no account {email!r}")
    return user


@users.command("password")
@click.argument("email")
@click.password_option()
@click.pass_obj
def set_user_password(settings: Settings, email: str, password: str) -> None:
    """Set a new password; every session and the API token of the account end."""
    from rebates.accounts import set_password

    with migrated_sessions(settings).begin() as session:
        set_password(session, _account(session, email), password)
    click.echo(f"password of {email} changed; its sessions and API token are revoked")


@users.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(["affiliate", "operator"]))
@click.pass_obj
def set_user_role(settings: Settings, email: str, role: str) -> None:
    """Change an account's role; every session of the account ends."""
    from rebates.accounts import set_role

    with migrated_sessions(settings).begin() as session:
        set_role(session, _account(session, email), role)
    click.echo(f"{email} is now {role}; its sessions are revoked")


@users.command("logout")
@click.argument("email")
@click.pass_obj
def logout_user(settings: Settings, email: str) -> None:
    """Log an account out everywhere (say, after its session cookie leaked)."""
    from rebates.accounts import end_sessions

    with migrated_sessions(settings).begin() as session:
        end_sessions(session, _account(session, email).id)
    click.echo(f"every session of {email} is revoked")


@click.group()
def conversions() -> None:
    """Conversions reported by affiliate networks."""


@conversions.command("import")
@click.argument("network")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_conversions(settings: Settings, network: str, path: Path) -> None:
    """Import a network's CSV report; re-importing the same rows changes nothing."""
    from rebates.imports import import_report

    result = import_report(migrated_sessions(settings), network, path)
    for problem in result.problems:
        click.echo(f"skipped {problem}", err=True)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.outcomes.items())) or "no rows"
    click.echo(f"{path.name}: {counts}")


COMMANDS = [rebates, users, conversions]
