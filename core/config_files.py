"""The base of every config-file schema: strict models, and YAML files validated into them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import ConfigError

NonNegative = Annotated[Decimal, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M]) -> M:
    """A YAML file validated into `model`; ConfigError naming the file and the field otherwise."""
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe_error(exc)}") from exc


def read_yaml(path: Path, what: str = "") -> object:
    """A YAML file's data; ConfigError naming the file (and `what` it is) when it cannot be read
    or is not YAML, with the line of the problem."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read{' ' + what if what else ''} ({exc.strerror})"
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({yaml_problem(exc)})") from exc


def describe_error(exc: ValidationError) -> str:
    """The first problem of a validation error as `field 'a.b': message (got …)`."""
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "(file)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        return f"field '{field}': missing (required)"
    if error["type"] == "extra_forbidden":
        return f"field '{field}': unknown field"
    return f"field '{field}': {message} (got {error.get('input')!r})"


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: what is wrong and on which line."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "syntax error"
    return f"{problem} at line {mark.line + 1}" if mark else problem
