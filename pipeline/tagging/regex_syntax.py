"""The literal structure of a regular expression, read with our own small parser of Python's `re` syntax.

The prefilter (prefilter.py) needs to know which strings every match of a pattern must contain. Python's own
parser (the underscore module inside `re`) is private and changes between versions, so this module reads the
pattern text itself. It only has to be *sound*, not complete: whatever it does not understand (a class, a lookaround, a
back-reference, a conditional, an unknown escape) becomes `Opaque`, which requires nothing, so the
prefilter then skips nothing it should not. A verbose pattern (re.X, `(?x)`) is read as wholly opaque.

Nodes: `Lit(ch)` one literal character; `Seq(items)` a sequence; `Alt(branches)` alternatives;
`Rep(minimum, item)` a repeat; `Opaque()` anything else. Literals are kept as written; the prefilter
lower-cases them, since it looks them up in lower-cased text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Lit:
    char: str


@dataclass(frozen=True)
class Seq:
    items: tuple


@dataclass(frozen=True)
class Alt:
    branches: tuple


@dataclass(frozen=True)
class Rep:
    minimum: int
    item: object


@dataclass(frozen=True)
class Opaque:
    pass


OPAQUE = Opaque()
_CHAR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_ZERO_OR_CLASS = set("dDwWsSbBAZ")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_FLAGS_GROUP = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?[:)]")


def parse(pattern: str, flags: int = 0) -> Seq:
    """The pattern as a node tree; raises nothing on valid patterns (re.compile is the judge of those)."""
    if flags & re.VERBOSE or re.search(r"\(\?[aiLmsu]*x", pattern):
        return Seq((OPAQUE,))
    parser = _Parser(pattern)
    tree = parser.alternation()
    return tree if isinstance(tree, Seq) else Seq((tree,))


class _Parser:
    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def alternation(self):
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else Alt(tuple(branches))

    def sequence(self) -> Seq:
        items = []
        while self.pos < len(self.text) and self.peek() not in "|)":
            atom = self.atom()
            if atom is not None:
                items.append(self.quantified(atom))
        return Seq(tuple(items))

    def quantified(self, atom):
        char = self.peek()
        if char in ("*", "+", "?"):
            self.pos += 1
            minimum = 1 if char == "+" else 0
        elif char == "{" and (match := _QUANTIFIER.match(self.text, self.pos)):
            # Read as a repeat even where `re` reads "{}" as literal text: that only requires less.
            self.pos = match.end()
            minimum = int(match[1]) if match[1] else 0  # {n}, {n,}, {n,m}: at least n; {,m}: none
        else:
            return atom
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings are required
            self.pos += 1
        return Rep(minimum, atom)

    def atom(self):
        char = self.peek()
        self.pos += 1
        if char == "\\":
            return self.escape()
        if char == "[":
            return self.char_class()
        if char == "(":
            return self.group()
        if char in ".^$":
            return OPAQUE
        return Lit(char)

    def escape(self):
        char = self.peek()
        self.pos += 1
        if char in _CHAR_ESCAPES:
            return Lit(_CHAR_ESCAPES[char])
        if char in _HEX_ESCAPES:
            digits = self.text[self.pos : self.pos + _HEX_ESCAPES[char]]
            self.pos += len(digits)
            return Lit(chr(int(digits, 16)))
        if char == "N" and self.peek() == "{":
            self.pos = self.text.index("}", self.pos) + 1
            return OPAQUE
        if char.isalnum() or char == "":
            return OPAQUE  # classes, boundaries, back-references and octal escapes
        return Lit(char)

    def char_class(self):
        """A set matches one of several characters: opaque. Skip to its closing bracket."""
        if self.peek() == "^":
            self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        while self.pos < len(self.text) and self.peek() != "]":
            self.pos += 2 if self.peek() == "\\" else 1
        self.pos += 1
        return OPAQUE

    def group(self):
        if self.peek() != "?":
            return self.closed(self.alternation())
        head = self.text[self.pos - 1 :]
        if head.startswith("(?#"):
            self.pos = self.text.index(")", self.pos) + 1
            return None
        if head.startswith(("(?:", "(?>")):
            self.pos += 2
            return self.closed(self.alternation())
        if match := _FLAGS_GROUP.match(head):  # (?i:...) scopes flags; a bare (?i) sets them and holds nothing
            self.pos += match.end() - 1
            return self.closed(self.alternation()) if match[0].endswith(":") else None
        if head.startswith("(?P<"):
            self.pos = self.text.index(">", self.pos) + 1
            return self.closed(self.alternation())
        # lookarounds, conditionals, named back-references: whatever they hold is not consumed or not certain
        self.pos += 1
        self.alternation_inside_opaque()
        return OPAQUE

    def alternation_inside_opaque(self) -> None:
        depth = 1
        while self.pos < len(self.text) and depth:
            char = self.peek()
            if char == "\\":
                self.pos += 2
                continue
            if char == "[":
                self.pos += 1
                self.char_class()
                continue
            depth += {"(": 1, ")": -1}.get(char, 0)
            self.pos += 1

    def closed(self, node):
        if self.peek() == ")":
            self.pos += 1
        return node if isinstance(node, (Seq, Alt)) else Seq((node,))
