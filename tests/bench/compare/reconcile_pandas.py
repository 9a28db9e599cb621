#!/usr/bin/python3
"""The same day's reconciliation as bench_reconcile, in pandas, on the same files.

Usage: reconcile_pandas.py DIR [RUNS=3]   (DIR from `bench_reconcile --keep DIR`: bill.zip, paydesk.db)
Prints the class counts, the totals and `PANDAS reconcile_1m <seconds> s` (wall, best of RUNS).
Business day 2026-12-01, fee rate 60 bp, provider alipay (the generator's defaults).
"""
import io
import sqlite3
import sys
import time
import zipfile

import numpy as np
import pandas as pd

DAY = "2026-12-01"
BP = 60


def fee(amount):
    a = np.abs(amount)
    f = (a * BP + 5000) // 10000
    return np.where(amount < 0, -f, f)


def run(directory):
    t0 = time.perf_counter()
    with zipfile.ZipFile(f"{directory}/bill.zip") as z:
        name = next(n for n in z.namelist() if n.endswith(".csv") and "(" not in n)
        raw = z.read(name)
    lines = pd.read_csv(io.BytesIO(raw), encoding="gb18030", comment=None, header=0,
                        skiprows=4, usecols=[1, 2, 11, 21, 22], dtype=str,
                        skipfooter=0, engine="c", on_bad_lines="error")
    lines.columns = ["no", "type", "amount", "req", "fee"]
    lines = lines[lines["type"].notna() & lines["amount"].notna()]
    lines["no"] = lines["no"].str.strip()
    lines["req"] = lines["req"].str.strip()
    lines["amount"] = (lines["amount"].astype(float) * 100).round().astype(np.int64)
    lines["fee"] = (lines["fee"].astype(float).abs() * 100).round().astype(np.int64)
    refund = lines["type"] == "退款"
    lines.loc[refund, "fee"] = -lines.loc[refund, "fee"]
    lines["line"] = np.arange(len(lines))

    con = sqlite3.connect(f"file:{directory}/paydesk.db?mode=ro", uri=True)
    orders = pd.read_sql_query(
        "SELECT out_trade_no AS no, status, amount_minor AS local, created_at FROM orders"
        " WHERE provider = 'alipay'", con)
    refunds = pd.read_sql_query(
        "SELECT r.out_request_no AS req, o.out_trade_no AS rno, r.amount_minor AS rlocal,"
        " r.status AS rstatus, r.created_at AS rcreated FROM refunds r"
        " JOIN orders o ON o.id = r.order_id WHERE o.provider = 'alipay'", con)
    con.close()
    orders["day"] = (pd.to_datetime(orders["created_at"], utc=True) +
                     pd.Timedelta(hours=8)).dt.strftime("%Y-%m-%d")

    pay = lines[~refund]
    ref = lines[refund]
    dup_pay = pay.duplicated("no", keep="first")
    dup_ref = ref.duplicated("req", keep="first")
    p = pay[~dup_pay].merge(orders, on="no", how="left")
    cls = np.select(
        [p["status"].isna(), p["status"].isin(["CLOSED", "FAILED"]),
         p["status"].isin(["CREATED", "PENDING", "UNKNOWN"]), p["local"] != p["amount"],
         p["fee"] != fee(p["amount"].to_numpy())],
        ["missing_locally", "late_payment", "status_mismatch", "amount_mismatch",
         "fee_mismatch"], "matched")
    r = ref[~dup_ref].merge(refunds, on="req", how="left")
    rcls = np.select(
        [r["rstatus"].isna() | (r["rstatus"] != "SUCCESS") | (-r["rlocal"] != r["amount"]) |
         (r["rno"] != r["no"]),
         np.abs(r["fee"] - fee(r["amount"].to_numpy())) > 1],
        ["refund_mismatch", "fee_mismatch"], "matched")
    seen = set(pay["no"])
    paid = orders["status"].isin(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"])
    missing = orders[paid & (orders["day"] == DAY) & ~orders["no"].isin(seen)]
    counts = pd.Series(np.concatenate([cls, rcls])).value_counts().to_dict()
    counts["duplicate_line"] = int(dup_pay.sum() + dup_ref.sum())
    counts["missing_at_provider"] = len(missing)
    totals = {
        "gross": int(pay["amount"].sum()),
        "refunds": int(-ref["amount"].sum()),
        "fees": int(lines["fee"].sum()),
        "payments": len(pay),
        "refund_lines": len(ref),
    }
    return time.perf_counter() - t0, counts, totals


if __name__ == "__main__":
    best = None
    for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
        seconds, counts, totals = run(sys.argv[1])
        best = seconds if best is None else min(best, seconds)
    print(dict(sorted(counts.items())))
    print(totals)
    print(f"PANDAS reconcile_1m {best:.3f} s")
