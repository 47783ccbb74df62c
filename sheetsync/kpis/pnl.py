"""Profit and loss per period: variable and fixed costs, profits, margin and burn."""

from __future__ import annotations

import numpy as np

from sheetsync.kpis.arith import nulls, ratio
from sheetsync.kpis.context import Context
from sheetsync.kpis.periods import Calendar, to_days


def pnl_kpis(
    ctx: Context,
    cal: Calendar,
    spend_ht: np.ndarray,
    net_revenue_ht: np.ndarray,
    cash_collected_ht: np.ndarray,
) -> dict[str, np.ndarray]:
    """Costs by kind (plus ad spend as a variable cost when `include_spend_in_costs`) and profits.

    A null operand makes the result null (NaN propagates): without a Costs tab `fixed_costs`,
    and so `net_profit`, `net_margin`, `gross_burn` and `net_burn`, are null.
    """
    data = ctx.data
    costs = data.costs
    counted_spend = data.settings.include_spend_in_costs and data.spend is not None
    if costs is not None:
        days = to_days(costs["date"])
        amount = costs["amount"].to_numpy(dtype=float)
        variable = costs["kind"].to_numpy(dtype=object) == "variable"
        fixed_costs = cal.sum(days[~variable], amount[~variable])
        variable_costs = cal.sum(days[variable], amount[variable])
    else:
        fixed_costs = nulls(cal.n)
        variable_costs = np.zeros(cal.n) if counted_spend else nulls(cal.n)
    if counted_spend:
        variable_costs = variable_costs + spend_ht
    gross_profit = net_revenue_ht - variable_costs
    net_profit = gross_profit - fixed_costs
    gross_burn = variable_costs + fixed_costs
    return {
        "variable_costs": variable_costs,
        "fixed_costs": fixed_costs,
        "gross_profit": gross_profit,
        "net_profit": net_profit,
        "net_margin": ratio(net_profit, net_revenue_ht),
        "gross_burn": gross_burn,
        "net_burn": gross_burn - cash_collected_ht,
    }
