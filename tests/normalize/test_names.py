"""Names and ids: trimmed text, id codes, channel keys, spellings and display names."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.normalize.names import (
    channel_key,
    channel_names,
    display_names,
    spellings,
    text_codes,
    trimmed_text,
)


def test_channels_group_without_spaces_or_case_but_with_accents():
    cells = pd.Series(["YouTube", "youtube ", "YOUTUBE", "You Tube", "Été", "ete", "", None])
    assert channel_key(cells).tolist() == ["youtube"] * 4 + ["été", "ete", None, None]


def test_the_display_name_is_the_most_frequent_trimmed_spelling():
    signups = spellings(pd.Series(["Blog", "youtube", "YouTube "]))
    sales = spellings(pd.Series(["blog", "blog", "YouTube", None]))
    spend = spellings(pd.Series(["Facebook", " facebook", "facebook"]))
    # blog: "blog" x2 beats "Blog" x1; YouTube: "YouTube" x2 (one trimmed) beats "youtube" x1
    assert channel_names(signups, sales, spend) == {
        "blog": "blog", "youtube": "YouTube", "facebook": "facebook"}  # fmt: skip


def test_a_tie_goes_to_the_spelling_seen_first_in_reading_order():
    # one "Youtube" in Signups, one "YouTube" in Sales: Signups is read first
    first, second = spellings(pd.Series(["Youtube"])), spellings(pd.Series(["YouTube"]))
    assert channel_names(first, second) == {"youtube": "Youtube"}
    assert channel_names(second, first) == {"youtube": "YouTube"}
    assert channel_names(spellings(pd.Series([None, " "], dtype=object))) == {}


def test_spellings_are_the_trimmed_texts_stored_once_per_spelling():
    cells = pd.Series([" Blog", "Blog", 1001.0, "1001", None, "\u00a0", True], dtype=object)
    spelled = spellings(cells)
    assert (
        spelled.astype(object).where(spelled.notna(), None).tolist() == trimmed_text(cells).tolist()
    )
    assert sorted(spelled.cat.categories) == ["1001", "Blog", "True"]


def test_display_names_follow_each_spelling_key_and_only_kept_rows_count():
    sales = spellings(pd.Series(["blog", "Blog", "BLOG", None]))
    kept = sales[[0, 3]]  # "Blog" and "BLOG" were on skipped rows
    names = channel_names(kept)
    assert names == {"blog": "blog"}
    assert display_names(sales, names, "(unknown)").tolist() == ["blog"] * 3 + ["(unknown)"]


IDS = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.sampled_from([1001, 1001.0, 1001.5, -0.0, 1e20, float("inf"), True, dt.date(2025, 1, 2)]),
    st.sampled_from(["1001", " 1001 ", "01001", "-0", "0", "-1", "1001.0", "1e3", "", "A-7"]),
    st.text("01-", max_size=3),
)


@given(st.lists(IDS, max_size=25))
def test_text_codes_are_equal_exactly_when_the_trimmed_texts_are(cells):
    column = pd.Series(cells, dtype=object)
    texts = trimmed_text(column).tolist()
    codes = text_codes(column).tolist()
    assert [c < 0 for c in codes] == [t is None for t in texts]
    for i in range(len(cells)):
        for j in range(len(cells)):
            if texts[i] is not None and texts[j] is not None:
                assert (codes[i] == codes[j]) == (texts[i] == texts[j]), (cells[i], cells[j])


def test_an_id_typed_as_text_and_as_a_number_is_one_id():
    codes = text_codes(pd.Series([1001, "1001", "01001", 1001.0, " 1001"], dtype=object))
    assert codes[0] == codes[1] == codes[3] == codes[4] != codes[2]
