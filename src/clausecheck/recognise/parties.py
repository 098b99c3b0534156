"""Who is the buyer and who the vendor: worked out from the party definitions.

Rules name parties by role (`{buyer}`, `{vendor}` in a pattern), never by label, because
the labels change between contracts: in most Chinese drafts the buyer is 甲方, in some the
vendor is; English drafts say Customer/Provider, Licensee/Licensor, Party A/Party B.
"""

from __future__ import annotations

import regex

from clausecheck.model import Parties
from clausecheck.rules.compiled import compile_cached

# Role words that name a party by what it does, whatever its letter.
BUYER_ROLES = (
    "委托方", "委托人", "买方", "采购方", "采购人", "需方", "订购方", "使用方", "用户", "客户",
    "被许可方", "被授权方", "受让方", "接受方", "您", "你方", "甲方",
    "Customer", "Client", "Licensee", "Buyer", "Purchaser", "Subscriber", "you",
)  # fmt: skip
VENDOR_ROLES = (
    "受托方", "受托人", "卖方", "供方", "供应方", "服务方", "开发方", "许可方", "授权方",
    "出让方", "服务商", "供应商", "提供商", "承接方", "提供方", "研究开发方", "乙方", "厂商",
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
_ROLE_OPENS_LINE = rf"^[\s\p{{P}}]*(?P<role>{_ROLE})"  # "委托方：…", "服务方（乙方）：…"
# How contracts define a party; the first definition per label decides.
_DEFINITIONS = (
    # "甲方（委托方）：…", "乙方：某公司（以下简称“服务方”）", "Party A (the Vendor)": the
    # label opens its line and a bracket, colon or 简称 leads to the role (not a body
    # sentence such as "乙方应对甲方的用户信息保密").
    compile_cached(
        rf"^[\s\p{{P}}]*(?P<label>{_LABEL})\s*[（(：:][^\n。;；]{{0,40}}?(?P<role>{_ROLE})", _FLAGS
    ),
    # "委托方：某公司，以下简称甲方"
    compile_cached(
        rf"{_ROLE_OPENS_LINE}[^\n。]{{0,60}}?(?:以下简称|下称|简称)[“\"「]?(?P<label>{_LABEL})",
        _FLAGS,
    ),
    # "甲方作为本软件的提供商"
    compile_cached(rf"(?P<label>{_LABEL})作为[^\n，。,]{{0,30}}?(?P<role>{_ROLE})", _FLAGS),
)
_HEAD_CHARS = 4000  # party definitions sit at the top of a contract

# English definitions: TechNest Pty Ltd ("TechNest"), Acme Inc. (the "Customer"),
# (hereinafter referred to as "Licensee"), ("Provider" or "TechNest").
_QUOTED = r"[\"“”'‘’]"
_NAME = r"[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3}"
_DEFINED = compile_cached(
    r"[(（]\s*(?:(?:hereinafter|hereafter|henceforth)\s*,?\s*)?"
    r"(?:(?:referred\s+to|known)\s+as\s*:?\s*|called\s+|defined\s+as\s+)?(?:the\s+|a\s+|an\s+)?"
    rf"{_QUOTED}(?P<name>{_NAME}){_QUOTED}(?P<more>[^)）\n]{{0,80}})[)）]"
)
_ALSO_DEFINED = compile_cached(rf"{_QUOTED}(?P<name>{_NAME}){_QUOTED}")
# A party, not a defined term: a company or a person named before the bracket.
_ENTITY = compile_cached(
    r"\b(?:Ltd|Limited|Inc|Incorporated|LLC|L\.L\.C|LLP|Corp|Corporation|Co|Company|Pty|"
    r"GmbH|AG|S\.A|SAS|B\.V|plc|PLC|AB|Oy|KK|Pte|Bhd)\b\.?|有限公司|公司"
    r"|\b(?:between|and|by|to)\s*:?\s*$|^\s*(?:between|and)\b",
    regex.IGNORECASE,
)
_ROLE_BEFORE = compile_cached(rf"(?:^|\n)[\s\p{{P}}\d]*(?P<role>{_ROLE})\s*[:：]", regex.IGNORECASE)
_NOT_PARTIES = frozenset(
    w.casefold()
    for w in ("Party", "Parties", "Agreement", "Contract", "Services", "Service", "Software",
              "Product", "Products", "Effective Date", "Order", "Order Form", "Terms", "EULA",
              "SLA", "Schedule", "Exhibit", "Documentation", "Affiliate", "Affiliates")
)  # fmt: skip
_VENDOR_VERBS = (
    r"provide|provides|deliver|delivers|supply|supplies|perform|performs|maintain|maintains|"
    r"support|supports|develop|develops|host|hosts|license|licenses|licence|licences|grant|"
    r"grants|repair|repairs|fix|fixes|respond|responds|warrant|warrants"
)
_BUYER_VERBS = r"pay|pays|purchase|purchases|buy|buys|subscribe|subscribes|reimburse|reimburses"

# A Chinese contract without 甲方/乙方 may call a side by its organisation's name: from its
# party line ("服务方：某某科技有限公司"), or, for the vendor, from the duties the name takes
# ("某某公司不得向任何单位泄露用户的资料"). Only then: in a contract with letters, the names
# would make every document's patterns its own, for little (its body uses the letters).
_ZH_ORG = (
    r"\p{Han}[\p{Han}A-Za-z0-9·（）()]{1,39}?"
    r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|研究院|研究所|大学|学院|医院|银行|事务所|工作室)"
)
_ZH_PARTY_LINE = compile_cached(
    rf"{_ROLE_OPENS_LINE}[^\n：:]{{0,12}}[：:]\s*(?P<name>{_ZH_ORG})", _FLAGS
)
# An organisation that opens a sentence with a duty ("某某公司不得…泄露", "某某公司应支付"):
# tried only where a sentence or line starts, so a long text costs little.
_ZH_ORG_DUTY = compile_cached(
    rf"(?:^|(?<=[。；，,：:\s•·]))(?P<name>{_ZH_ORG})(?:应|须|将|负责|保证|承诺|不得)[^。；\n]{{0,12}}?"
    r"(?:(?P<vendor>提供|维护|开发|交付|修复|保密|泄露|服务)|(?P<buyer>支付|付款|购买|采购|缴纳))",
    regex.MULTILINE,
)


def detect_parties(text: str) -> Parties:
    """Who is the buyer, 甲方 (Party A) or 乙方 (Party B), from the definitions at the top;
    and the names an English contract defines for each side ("Customer", "TechNest")."""
    votes: dict[str, int] = {}
    head = text[:_HEAD_CHARS]
    matches = sorted((m for d in _DEFINITIONS for m in d.finditer(head)), key=lambda m: m.start())
    for m in matches:
        label = _letter(m.group("label"))
        if label not in votes:
            role = _ROLE_WORDS[_canonical_role(m.group("role"))]
            votes[label] = 1 if role == "buyer" else -1
    definitions = _definitions(head)
    for label, role in _defined_letters(definitions):  # ABC Ltd ("Party A", the "Vendor")
        votes.setdefault(label, 1 if role == "buyer" else -1)
    vendor_is_a = votes.get("甲方", 0) < 0 or votes.get("乙方", 0) > 0
    buyer_letter = "乙方" if vendor_is_a else "甲方"
    names = defined_names(text, definitions)
    source = "detected" if votes or names else "default"
    zh_names = _chinese_names(text)
    return _parties(buyer_letter, source, zh_names | names)


def _chinese_names(text: str) -> dict[str, str]:
    """Organisation name -> "buyer" | "vendor", in a Chinese contract without 甲方/乙方."""
    if "甲方" in text or "乙方" in text:
        return {}
    found = {
        m.group("name"): _ROLE_WORDS[_canonical_role(m.group("role"))]
        for m in _ZH_PARTY_LINE.finditer(text[:_HEAD_CHARS])
    }
    votes: dict[str, int] = {}
    for m in _ZH_ORG_DUTY.finditer(text):
        votes[m.group("name")] = votes.get(m.group("name"), 0) + (1 if m.group("vendor") else -2)
    for name, vote in votes.items():
        if vote >= 2 and name not in found:
            found[name] = "vendor"
    return found


def defined_names(text: str, definitions: list[_Definition] | None = None) -> dict[str, str]:
    """The parties an English contract defines, name -> "buyer" | "vendor".

    A name that is a role word ("Customer", "Licensor") has that role; a short name
    ("TechNest") takes the role defined with it ('("TechNest" or the "Provider")'), or
    the role that labels its line ("Provider: TechNest Pty Ltd ("TechNest")"), or the
    role opposite the other party's, or else what it does in the contract
    ("TechNest shall provide", "TechNest shall pay").
    """
    head = text[:_HEAD_CHARS]
    roles: dict[str, str | None] = {}
    for m, also in definitions if definitions is not None else _definitions(head):
        name = " ".join(m.group("name").split())
        if name.casefold() in _NOT_PARTIES or name in roles or _letter(name) in _LETTERS:
            continue
        role = _role_of(name)
        line_start = head.rfind("\n", 0, m.start()) + 1
        before = head[max(line_start, m.start() - 160) : m.start()]
        if role is None:
            role = next((r for r in also if r), None)
        if role is None:
            labelled = _ROLE_BEFORE.search(head[line_start : m.start()])
            if labelled:
                role = _ROLE_WORDS[_canonical_role(labelled.group("role"))]
        if role is None and not _ENTITY.search(before):
            continue  # a defined term ("Confidential Information"), not a party
        roles[name] = role
    known = {r for r in roles.values() if r}
    unknown = [n for n, r in roles.items() if r is None]
    if len(known) == 1 and len(unknown) == 1:
        roles[unknown[0]] = "buyer" if known == {"vendor"} else "vendor"
    for name in (n for n, r in roles.items() if r is None):
        roles[name] = _role_by_verbs(name, text)
    return {name: role for name, role in roles.items() if role}


# A quoted definition ("TechNest" or the "Provider") and the roles of the names defined
# beside it; read once per document, by both the letter votes and the defined names.
_Definition = tuple[regex.Match[str], list[str | None]]


def _definitions(head: str) -> list[_Definition]:
    return [
        (m, [_role_of(a.group("name")) for a in _ALSO_DEFINED.finditer(m.group("more"))])
        for m in _DEFINED.finditer(head)
    ]


def _defined_letters(definitions: list[_Definition]) -> list[tuple[str, str]]:
    """Party A/B defined in quotes with a role beside them: ("Party A", the "Vendor")."""
    found = []
    for m, also in definitions:
        label = _letter(m.group("name"))
        role = next((r for r in also if r), None) if label in _LETTERS else None
        if role:
            found.append((label, role))
    return found


def _role_of(name: str) -> str | None:
    role = _canonical_role(name.removeprefix("the ").strip())
    return _ROLE_WORDS.get(role) if role not in _LETTERS else None


def _role_by_verbs(name: str, text: str) -> str | None:
    subject = (
        rf"\b{regex.escape(name)}\b(?:['’]s)?\s+(?:\w+\s+)?"
        r"(?:shall|will|must|agrees?\s+to|may)\s+(?:\w+\s+)?"
    )
    vendor = len(regex.findall(subject + rf"(?:{_VENDOR_VERBS})\b", text))
    buyer = len(regex.findall(subject + rf"(?:{_BUYER_VERBS})\b", text))
    buyer += len(regex.findall(rf"\b(?:payable|paid)\s+by\s+{regex.escape(name)}\b", text))
    if vendor > buyer:
        return "vendor"
    if buyer > vendor:
        return "buyer"
    return None


# What `--buyer` (and `buyer:` in a configuration) accepts.
BUYER_CHOICES = ("甲方", "乙方", "Party A", "Party B", "A", "B")


def unknown_buyer(buyer_label: str) -> str | None:
    """Why `buyer_label` cannot name the buyer (None when it can)."""
    if _letter(buyer_label) in ("甲方", "乙方"):
        return None
    accepted = ", ".join(f"'{c}'" if " " in c else c for c in BUYER_CHOICES)
    return f"unknown party {buyer_label!r} (use one of: {accepted})"


def override_parties(buyer_label: str) -> Parties:
    """`--buyer 乙方` or `--buyer "Party B"`: who the buyer is, whatever the text says."""
    problem = unknown_buyer(buyer_label)
    if problem:
        raise ValueError(problem)
    return _parties(_letter(buyer_label), "override")


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


def _parties(buyer_letter: str, source: str, names: dict[str, str] | None = None) -> Parties:
    """Each side's labels: its letter (甲方/乙方) first; then, in English, the name the
    contract defines for it ("Customer", "TechNest") if any, before Party A/B, which is
    what a report shows for an English contract; then the role words."""
    vendor_letter = _LETTERS[buyer_letter]
    names = names or {}
    buyer_names = tuple(n for n, r in names.items() if r == "buyer")
    vendor_names = tuple(n for n, r in names.items() if r == "vendor")
    buyer = (buyer_letter, *buyer_names, "Party A" if buyer_letter == "甲方" else "Party B")
    vendor = (vendor_letter, *vendor_names, "Party A" if vendor_letter == "甲方" else "Party B")
    return Parties(
        buyer=tuple(dict.fromkeys(buyer + _roles(BUYER_ROLES, vendor_names))),
        vendor=tuple(dict.fromkeys(vendor + _roles(VENDOR_ROLES, buyer_names))),
        source=source,
    )


def _roles(words: tuple[str, ...], other_side: tuple[str, ...]) -> tuple[str, ...]:
    taken = {n.casefold() for n in other_side}
    return tuple(w for w in words if w not in _LETTERS and w.casefold() not in taken)
