#!/usr/bin/env python3
"""Builds the Alipay fund-bill (bill_type=signcustomer, 账务明细) fixtures in this folder,
written here by hand from the documented layout, independently of the sandbox's writer.
Run once; the outputs are committed.

fundbill_ok.zip: 2026-01-02 of merchant 2088000000000001: a payment, its fee, a refund, the
T+1 payout of 2026-01-01 (94.07) and a late one naming 2025-12-30 in its remark (50.00).
The broken twins each fail one check: truncated zip, no CSV, a missing column, totals that
do not add up, a bad amount, the totals cut off, a row with both income and expense.
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,"
          "支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注")
ROWS = [
    "2026010200000001\t,2026010222001400000001\t,T1\t,Coffee,2026-01-02 09:10:00,"
    "138****0000,12.34,0.00,212.34,支付宝,在线支付,",
    "2026010200000002\t,2026010222001400000001\t,T1\t,Coffee,2026-01-02 09:10:00,"
    ",0.00,-0.07,212.27,支付宝,收费,服务费[2026010222001400000001]",
    "2026010200000003\t,2026010222001400000001\t,T1\t,Coffee,2026-01-02 09:30:00,"
    "138****0000,0.00,-2.00,210.27,支付宝,交易退款,R1",
    "20260102555500000001\t,20260102555500000001\t,\t,提现,2026-01-02 06:00:00,"
    "银行卡(尾号0000),0.00,-94.07,116.20,支付宝,提现,结算 2026-01-01",
    "20260102555500000002\t,20260102555500000002\t,\t,提现,2026-01-02 06:00:01,"
    "银行卡(尾号0000),0.00,-50.00,66.20,支付宝,提现,结算 2025-12-30",
]


def csv(rows=ROWS, header=HEADER, expense="#支出合计：4笔，共-146.14元",
        income="#收入合计：1笔，共12.34元"):
    lines = ["#支付宝账务明细查询", "#账号：[2088000000000001]",
             "#起始日期：[2026年01月02日 00:00:00]   终止日期：[2026年01月03日 00:00:00]",
             "#-----------------------------------------账务明细列表"
             "----------------------------------------",
             header] + rows + [
             "#-----------------------------------------账务明细列表结束"
             "------------------------------------"]
    if expense:
        lines.append(expense)
    if income:
        lines.append(income)
    lines.append("#导出时间：[2026年01月03日 10:30:00]")
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def zipped(data, name="2088000000000001_20260102_账务明细.csv"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return out.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


ok = zipped(csv())
write("fundbill_ok.zip", ok)
write("fundbill_truncated.zip", ok[: len(ok) // 2])
write("fundbill_no_csv.zip", zipped(b"hello", name="readme.txt"))
write("fundbill_missing_column.zip", zipped(csv(header=HEADER.replace("发生时间", "时间"))))
write("fundbill_bad_total.zip", zipped(csv(expense="#支出合计：4笔，共-146.00元")))
bad = list(ROWS)
bad[3] = bad[3].replace("-94.07", "-94.0x")
write("fundbill_bad_amount.zip", zipped(csv(rows=bad)))
write("fundbill_no_totals.zip", zipped(csv(expense=None, income=None)))
both = list(ROWS)
both[0] = both[0].replace("12.34,0.00", "12.34,-1.00")
write("fundbill_both_sides.zip", zipped(csv(rows=both)))
