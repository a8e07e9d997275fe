"""The settings the pii family reads."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from curator.core.families.pii.phones import DEFAULT_REGIONS
from curator.core.model.settings import CHECKS, EXPORT, Section, setting, split_list


class PiiSettings(Section):
    pii_private_ips: bool = setting(
        False, "Report private IP addresses (10.x, 192.168.x, fc00::) too, not only public "
        "ones.", label="Personal data: report private IP addresses too")
    pii_phone_regions: tuple[str, ...] = setting(
        DEFAULT_REGIONS, "Countries whose national phone formats are looked for (ISO codes, "
        "e.g. US,GB,DE); +international numbers are found from anywhere.",
        label="Personal data: phone number countries", metavar="CODES")
    mask_pii: bool = setting(
        False, "Replace personal data and secrets with numbered placeholders ([EMAIL_1], "
        "[PHONE_2], [SECRET_1]...); rows with secrets are then exported, masked.",
        commands=(EXPORT,), label="Export: mask personal data and secrets")

    @field_validator("pii_phone_regions", mode="before")
    @classmethod
    def _regions(cls, value: Any) -> Any:
        import phonenumbers

        value = split_list(value)
        if not isinstance(value, tuple):
            return value
        regions = tuple(v.upper() for v in value)
        known = phonenumbers.SUPPORTED_REGIONS
        unknown = [r for r in regions if r not in known]
        if unknown:
            raise ValueError(f"unknown country code {', '.join(unknown)}; use ISO 3166 "
                             "codes such as US, GB, DE")
        return regions


__all__ = ["CHECKS", "PiiSettings"]
