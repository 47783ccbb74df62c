"""The package helpers' attribute quoting writes what xml.sax.saxutils.quoteattr writes."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr as library_quoteattr

from hypothesis import given
from hypothesis import strategies as st

from sheetsync.sources.xlsx_package import quoteattr


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\té€"), max_size=20))
def test_quoteattr_is_the_standard_librarys(value: str) -> None:
    assert quoteattr(value) == library_quoteattr(value)


def test_quoteattr_with_both_quotes_escapes_the_double_ones() -> None:
    assert quoteattr("""l'"été" & co""") == '"l\'&quot;été&quot; &amp; co"'
