"""Who is the buyer and who the vendor: worked out from the party definitions.

Rules name parties by role (`{buyer}`, `{vendor}` in a pattern), never by label, because
the labels change between contracts: in most Chinese drafts the buyer is 甲方, in some the
vendor is; English drafts say Customer/Provider, Licensee/Licensor, Party A/Party B.
"""

from __future__ import annotations

import regex

from clausecheck.model import Parties

# Role words that name a party by what it does, whatever its letter.
BUYER_ROLES = (
    "委托方", "委托人", "买方", "采购方", "需方", "订购方", "使用方", "用户", "客户",
    "被许可方", "被授权方", "受让方", "接受方", "您", "你方", "甲方",
    "Customer", "Client", "Licensee", "Buyer", "Purchaser", "Subscriber", "you",
)  # fmt: skip
VENDOR_ROLES = (
    "受托方", "受托人", "卖方", "供方", "供应方", "服务方", "开发方", "许可方", "授权方",
    "出让方", "服务商", "供应商", "提供商", "承接方", "提供方", "研究开发方", "乙方",
    "本公司", "我公司", "本平台", "本网站", "我们", "我方", "我司",
    "Vendor", "Provider", "Service Provider", "Supplier", "Licensor", "Contractor",
    "Developer", "Seller", "Consultant", "we", "us",
)  # fmt: skip
_LETTERS = {"甲方": "乙方", "乙方": "甲方", "Party A": "Party B", "Party B": "Party A"}
_ROLE_WORDS = {w: "buyer" for w in BUYER_ROLES if w not in _LETTERS} | {
    w: "vendor" for w in VENDOR_ROLES if w not in _LETTERS
}
# "甲方（委托方）：", "乙方：某某公司（以下简称“服务方”）", "Party A (the Vendor)"
_ROLE = "|".join(sorted(map(regex.escape, _ROLE_WORDS), key=len, reverse=True))
_LABEL = r"甲方|乙方|Party\s+[AB]"
_FLAGS = regex.IGNORECASE | regex.MULTILINE
# How contracts define a party; the first definition per label decides.
_DEFINITIONS = (
    # "甲方（委托方）：…", "乙方：某公司（以下简称“服务方”）", "Party A (the Vendor)": the
    # label opens its line and a bracket, colon or 简称 leads to the role (not a body
    # sentence such as "乙方应对甲方的用户信息保密").
    regex.compile(
        rf"^[\s\p{{P}}]*(?P<label>{_LABEL})\s*[（(：:][^\n。;；]{{0,40}}?(?P<role>{_ROLE})", _FLAGS
    ),
    # "委托方：某公司，以下简称甲方"
    regex.compile(
        rf"^[\s\p{{P}}]*(?P<role>{_ROLE})[^\n。]{{0,60}}?(?:以下简称|下称|简称)[“\"「]?(?P<label>{_LABEL})",
        _FLAGS,
    ),
    # "甲方作为本软件的提供商"
    regex.compile(rf"(?P<label>{_LABEL})作为[^\n，。,]{{0,30}}?(?P<role>{_ROLE})", _FLAGS),
)
_HEAD_CHARS = 4000  # party definitions sit at the top of a contract


def detect_parties(text: str) -> Parties:
    """Who is the buyer, 甲方 (Party A) or 乙方 (Party B), from the definitions at the top."""
    votes: dict[str, int] = {}
    head = text[:_HEAD_CHARS]
    matches = sorted((m for d in _DEFINITIONS for m in d.finditer(head)), key=lambda m: m.start())
    for m in matches:
        label = _letter(m.group("label"))
        if label not in votes:
            role = _ROLE_WORDS[_canonical_role(m.group("role"))]
            votes[label] = 1 if role == "buyer" else -1
    vendor_is_a = votes.get("甲方", 0) < 0 or votes.get("乙方", 0) > 0
    return _parties("乙方" if vendor_is_a else "甲方", "detected" if votes else "default")


def override_parties(buyer_label: str) -> Parties:
    """`--buyer 乙方` or `--buyer "Party B"`: who the buyer is, whatever the text says."""
    label = _letter(buyer_label)
    if label not in ("甲方", "乙方"):
        raise ValueError(f"unknown party {buyer_label!r}: use 甲方, 乙方, 'Party A' or 'Party B'")
    return _parties(label, "override")


def _letter(label: str) -> str:
    """Party A is 甲方 and Party B is 乙方, in translations and in our arguments."""
    compact = regex.sub(r"\s+", "", label).lower()
    return {"partya": "甲方", "partyb": "乙方", "a": "甲方", "b": "乙方"}.get(
        compact, label.strip()
    )


def _canonical_role(word: str) -> str:
    for role in _ROLE_WORDS:
        if role.lower() == word.lower():
            return role
    return word


def _parties(buyer_letter: str, source: str) -> Parties:
    vendor_letter = _LETTERS[buyer_letter]
    buyer = (buyer_letter, "Party A" if buyer_letter == "甲方" else "Party B")
    vendor = (vendor_letter, "Party A" if vendor_letter == "甲方" else "Party B")
    return Parties(
        buyer=buyer + tuple(w for w in BUYER_ROLES if w not in _LETTERS),
        vendor=vendor + tuple(w for w in VENDOR_ROLES if w not in _LETTERS),
        source=source,
    )
