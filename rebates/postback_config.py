"""The `postback:` section of a network in config/rebates.yaml (see rebates.postback_formats).

Kept apart from the code that uses it so that loading the rebates file needs no more than
pydantic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, IPvAnyNetwork, field_validator, model_validator

from core.text_safety import refuse_control_characters

Field_ = Literal[
    "transaction_id", "click_id", "order_amount", "commission", "currency", "status",
    "occurred_at",
]  # fmt: skip
REQUIRED = ("transaction_id", "click_id", "order_amount", "commission", "currency")


class PostbackFormat(BaseModel):
    """How one network calls us: method, parameter names, status words, authentication."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    method: Literal["GET", "POST"] = "GET"
    auth: list[Literal["hmac", "token", "allow_list"]] = Field(min_length=1)
    params: dict[Field_, str]
    statuses: dict[str, Literal["pending", "approved", "reversed"]] = {}
    token_param: str = "token"
    allow_from: list[IPvAnyNetwork] = []

    @field_validator("params")
    @classmethod
    def _required_params(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [name for name in REQUIRED if name not in value]
        if missing:
            raise ValueError(f"a parameter name for each of {', '.join(missing)}")
        for name in value.values():
            refuse_control_characters(name)
        return value

    @model_validator(mode="after")
    def _allow_list_has_ranges(self) -> PostbackFormat:
        if "allow_list" in self.auth and not self.allow_from:
            raise ValueError("auth 'allow_list' needs 'allow_from' address ranges")
        return self
