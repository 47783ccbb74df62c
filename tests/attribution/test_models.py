"""Hand-computed credit of each rule-based model, the window and the (direct) fallback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sheetsync.attribution import credit
from sheetsync.errors import ConfigError
from sheetsync.normalize.dataset import Dataset
from tests.attribution.conftest import credit_by_channel
from tests.factories import make_dataset

ANN, BOB, ANONYMOUS, CAT = 0, 1, 2, 3


def test_first_touch_credits_the_earliest_signup(shop: Callable[..., Dataset]) -> None:
    assert credit_by_channel(credit(shop(), "first_touch"), ANN) == {"Google": 1.0}


def test_last_touch_orders_same_day_touches_by_row(shop: Callable[..., Dataset]) -> None:
    # Newsletter (row 4) and YouTube (row 5) are both on the order day: YouTube is the latest.
    assert credit_by_channel(credit(shop(), "last_touch"), ANN) == {"YouTube": 1.0}


def test_linear_shares_equally_over_the_touches(shop: Callable[..., Dataset]) -> None:
    got = credit_by_channel(credit(shop(), "linear"), ANN)
    assert got == pytest.approx({"Google": 0.25, "Facebook": 0.25, "Newsletter": 0.25,
                                 "YouTube": 0.25})  # fmt: skip


def test_position_based_gives_40_20_40(shop: Callable[..., Dataset]) -> None:
    # First Google 40 %, last YouTube 40 %, the 20 % middle shared by Facebook and Newsletter.
    got = credit_by_channel(credit(shop(), "position_based"), ANN)
    assert got == pytest.approx({"Google": 0.4, "Facebook": 0.1, "Newsletter": 0.1,
                                 "YouTube": 0.4})  # fmt: skip


def test_time_decay_halves_per_half_life_in_whole_days(shop: Callable[..., Dataset]) -> None:
    # Half-life 7: Google 14 days → 2^-2 = 0.25, Facebook 7 → 0.5, same day → 1 and 1.
    # Total 2.75: Google 0.25/2.75, Facebook 0.5/2.75, Newsletter and YouTube 1/2.75 each.
    got = credit_by_channel(credit(shop(time_decay_half_life_days=7.0), "time_decay"), ANN)
    assert got == pytest.approx({"Google": 0.25 / 2.75, "Facebook": 0.5 / 2.75,
                                 "Newsletter": 1 / 2.75, "YouTube": 1 / 2.75})  # fmt: skip


def test_position_based_with_two_touches_is_50_50() -> None:
    data = make_dataset(
        sales=[{"date": "2025-05-03", "amount": 10.0, "email": "a@x.io"}],
        signups=[{"date": "2025-05-01", "email": "a@x.io", "source": "Ads"},
                 {"date": "2025-05-02", "email": "a@x.io", "source": "Blog"}],
    )  # fmt: skip
    assert credit_by_channel(credit(data, "position_based"), 0) == {"Ads": 0.5, "Blog": 0.5}


def test_repeated_source_gets_one_row_with_the_summed_weight() -> None:
    data = make_dataset(
        sales=[{"date": "2025-05-03", "amount": 10.0, "email": "a@x.io"}],
        signups=[{"date": "2025-05-01", "email": "a@x.io", "source": "Ads"},
                 {"date": "2025-05-02", "email": "a@x.io", "source": "Blog"},
                 {"date": "2025-05-03", "email": "a@x.io", "source": "Ads"}],
    )  # fmt: skip
    # 40 % first Ads + 40 % last Ads = 80 %, Blog the middle 20 %.
    assert credit_by_channel(credit(data, "position_based"), 0) == pytest.approx(
        {"Ads": 0.8, "Blog": 0.2}
    )


def test_window_keeps_a_touch_exactly_at_the_edge(shop: Callable[..., Dataset]) -> None:
    # Window 7: Facebook, exactly 7 days before, is inside; Google (14 days) is not.
    assert credit_by_channel(credit(shop(attribution_window_days=7), "first_touch"), ANN) == {
        "Facebook": 1.0
    }
    assert credit_by_channel(credit(shop(attribution_window_days=6), "first_touch"), ANN) == {
        "Newsletter": 1.0
    }


def test_window_zero_keeps_only_same_day_touches(shop: Callable[..., Dataset]) -> None:
    got = credit_by_channel(credit(shop(attribution_window_days=0), "linear"), ANN)
    assert got == {"Newsletter": 0.5, "YouTube": 0.5}


def test_order_without_touch_goes_to_its_sales_channel_else_direct(
    shop: Callable[..., Dataset],
) -> None:
    frame = credit(shop(), "linear")
    assert credit_by_channel(frame, BOB) == {"Partner": 1.0}
    assert credit_by_channel(frame, ANONYMOUS) == {"(direct)": 1.0}
    # Cat's only signup is the day after her order: not a touch of it.
    assert credit_by_channel(frame, CAT) == {"(direct)": 1.0}


def test_window_pushing_out_every_touch_falls_back_to_direct() -> None:
    data = make_dataset(
        sales=[{"date": "2025-05-31", "amount": 10.0, "email": "a@x.io"}],
        signups=[{"date": "2025-05-01", "email": "a@x.io", "source": "Ads"}],
        attribution_window_days=29,
    )
    # 30 days before the order, one more than the window.
    assert credit_by_channel(credit(data), 0) == {"(direct)": 1.0}


def test_model_defaults_to_the_setting(shop: Callable[..., Dataset]) -> None:
    data = shop(attribution_model="last_touch")
    assert credit_by_channel(credit(data), ANN) == {"YouTube": 1.0}


def test_unknown_model_is_a_config_error(shop: Callable[..., Dataset]) -> None:
    with pytest.raises(ConfigError, match="shapley"):
        credit(shop(), "shapley")


def test_dataset_without_signups_tab_credits_sales_channels() -> None:
    data = make_dataset(sales=[{"date": "2025-05-01", "amount": 10.0, "email": "a@x.io",
                                "channel": "Shop"}])  # fmt: skip
    assert credit_by_channel(credit(data, "time_decay"), 0) == {"Shop": 1.0}


def test_time_decay_with_a_tiny_half_life_credits_the_latest_touch() -> None:
    data = make_dataset(
        sales=[{"date": "2025-05-30", "amount": 10.0, "email": "a@x.io"}],
        signups=[{"date": "2025-05-01", "email": "a@x.io", "source": "Ads"},
                 {"date": "2025-05-20", "email": "a@x.io", "source": "Blog"}],
        time_decay_half_life_days=0.001,
    )  # fmt: skip
    # Ads weighs 2^(−19 / 0.001), which underflows to 0: all to Blog, not NaN, no zero row.
    assert credit_by_channel(credit(data, "time_decay"), 0) == {"Blog": 1.0}
