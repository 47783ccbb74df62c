"""People: one code per email or anonymous order, shared by Sales and Signups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from sheetsync.normalize import normalize
from sheetsync.normalize.dataset import People
from sheetsync.normalize.people import number_people
from sheetsync.sample import write_sample
from sheetsync.sources.memory import MemorySource
from sheetsync.sources.xlsx_file import XlsxSource
from tests.factories import make_dataset


def partition(codes: np.ndarray) -> list[int]:
    """Codes renumbered by first appearance: equal when two numberings group alike."""
    return pd.factorize(codes)[0].tolist()


def test_the_same_email_is_one_person_across_tabs_and_spellings():
    sales_table = pd.Series(["a@x.fr", None, "b@x.fr", "a@x.fr"], dtype="str")  # "A@x.fr" too
    signup_table = pd.Series(["b@x.fr", "c@x.fr", "zz@skipped.fr"], dtype="str")
    people = number_people(
        np.array([0, 3, -1, 1, 2, -1]), sales_table, np.array([1, 0, 1]), signup_table
    )
    a, b, c = people.sales[0], people.sales[4], people.signups[0]
    assert people.sales[1] == a and people.signups[1] == b and people.signups[2] == c
    anonymous = people.sales[[2, 3, 5]]  # no email, an invalid one, no email: three people
    assert len({a, b, c, *anonymous}) == 6
    # zz@skipped.fr belongs to no kept row: it numbers nobody
    assert people.count == 6 and set(people.sales) | set(people.signups) == set(range(6))


def test_without_signups_every_person_is_a_customer():
    people = number_people(np.array([0, 0, -1]), pd.Series(["a@x.fr"], dtype="str"))
    assert people.sales.tolist()[:2] == [0, 0] and people.count == 2
    assert len(people.signups) == 0


def test_normalisation_groups_people_as_the_frames_say(boutique: MemorySource, tmp_path: Path):
    path = tmp_path / "sample.xlsx"
    write_sample(path, months=3, end=dt.date(2025, 6, 30))
    for raw in (boutique.read(), XlsxSource(path).read()):
        data = normalize(raw)
        given = data.people
        assert given is not None and data.person_codes() is given
        frames = People.of(data.sales, data.signups)
        assert given.count == frames.count
        assert partition(np.r_[given.sales, given.signups]) == partition(
            np.r_[frames.sales, frames.signups]
        )


def test_a_dataset_built_directly_numbers_its_people_from_the_frames():
    data = make_dataset(
        sales=[{"date": "2025-01-02", "amount": 10, "email": "a@x.fr"}, {"date": "2025-01-03",
               "amount": 20}],
        signups=[{"date": "2025-01-01", "email": "a@x.fr", "source": "Blog"}],
    )  # fmt: skip
    people = data.person_codes()
    assert people.count == 2 and people.signups[0] == people.sales[0] != people.sales[1]


def test_replacing_a_frame_numbers_the_people_again(boutique: MemorySource):
    data = normalize(boutique.read())
    given = data.person_codes()
    data.signups = data.signups.iloc[::-1].reset_index(drop=True)  # same length, new frame
    again = data.person_codes()
    assert again is not given and again is data.person_codes()
    assert partition(again.signups) == partition(People.of(data.sales, data.signups).signups)
