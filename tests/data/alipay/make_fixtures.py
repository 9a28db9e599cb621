#!/usr/bin/env python3
"""Builds the Alipay test fixtures in this folder. Run once; the outputs are committed.

Keys are generated with the openssl CLI only if absent, so re-running keeps the
committed signatures valid. Signatures are made with `openssl dgst -sha256 -sign`,
independently of Paydesk's own signing code, so the unit tests check Paydesk against
openssl rather than against itself.
"""
import base64
import io
import os
import subprocess
import urllib.parse
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def ensure_key(prefix):
    priv, pub = path(prefix + "_private_key.pem"), path(prefix + "_public_key.pem")
    if not os.path.exists(priv):
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                        "rsa_keygen_bits:2048", "-out", priv], check=True)
    subprocess.run(["openssl", "pkey", "-in", priv, "-pubout", "-out", pub], check=True)
    return priv


def sign(priv, data: bytes) -> str:
    out = subprocess.run(["openssl", "dgst", "-sha256", "-sign", priv], input=data,
                         check=True, capture_output=True).stdout
    return base64.b64encode(out).decode()


def write(name, data: bytes):
    with open(path(name), "wb") as f:
        f.write(data)


app_priv = ensure_key("app")
alipay_priv = ensure_key("alipay")

# 1. A known signing vector: content and its RSA2 signature with the app key.
content = ("app_id=2021000000000001&biz_content={\"out_trade_no\":\"T1\",\"total_amount\":\"12.34\"}"
           "&charset=utf-8&format=JSON&method=alipay.trade.query&sign_type=RSA2"
           "&timestamp=2026-01-01 10:00:00&version=1.0").encode()
write("sign_vector_content.txt", content)
write("sign_vector_signature.txt", sign(app_priv, content).encode())

# 2. Signed gateway responses whose inner object is awkward to extract.
inner_pretty = (b'{\n    "code" : "10000",\n    "msg" : "Success",\n'
                b'    "qr_code" : "https:\\/\\/qr.alipay.com\\/bax01",\n'
                b'    "note" : "braces } { and \\"quotes\\" \\\\",\n'
                b'    "detail" : {"sign" : "not-the-signature", "list" : [1, {"a" : "}"}]},\n'
                b'    "out_trade_no" : "T1"\n  }')
body = (b'{\n  "alipay_trade_precreate_response" : ' + inner_pretty +
        b',\n  "sign" : "' + sign(alipay_priv, inner_pretty).encode() + b'"\n}\n')
write("response_pretty.json", body)

# 3. Notifications (form bodies) signed by "Alipay" the documented way: every param
#    except sign and sign_type, URL-decoded values, sorted, joined with &.
notify = {
    "gmt_create": "2026-01-01 10:00:00",
    "charset": "utf-8",
    "seller_email": "shop@example.com",
    "subject": "Coffee & cake",
    "buyer_id": "2088102177846880",
    "invoice_amount": "12.34",
    "notify_id": "2026010100222100005000000000000001",
    "fund_bill_list": "[{\"amount\":\"12.34\",\"fundChannel\":\"ALIPAYACCOUNT\"}]",
    "notify_type": "trade_status_sync",
    "trade_status": "TRADE_SUCCESS",
    "receipt_amount": "12.34",
    "app_id": "2021000000000001",
    "buyer_pay_amount": "12.34",
    "seller_id": "2088102177000001",
    "gmt_payment": "2026-01-01 10:00:05",
    "notify_time": "2026-01-01 10:00:06",
    "version": "1.0",
    "out_trade_no": "S01T0120260101100000001",
    "total_amount": "12.34",
    "trade_no": "2026010122001400001000000001",
    "auth_app_id": "2021000000000001",
    "point_amount": "0.00",
}
signed_content = "&".join(f"{k}={notify[k]}" for k in sorted(notify)).encode()
notify_sign = sign(alipay_priv, signed_content)


def form(params):
    return "&".join(f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(v)}"
                    for k, v in params.items()).encode()


write("notify_with_sign_type.txt", form({**notify, "sign_type": "RSA2", "sign": notify_sign}))
write("notify_without_sign_type.txt", form({**notify, "sign": notify_sign}))

# 4. Trade bills: zips of GBK CSV like the ones bill.downloadurl.query points at.
HEADER = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号",
          "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）",
          "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）",
          "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）",
          "分润（元）", "备注"]


def row(trade_no, out_trade_no, kind, subject, created, finished, amount, received, request_no,
        fee, remark=""):
    cells = [trade_no + "\t", out_trade_no + "\t", kind, subject, created, finished, "S01",
             "一号店", "", "T01", "b***@example.com", amount, received, "0.00", "0.00", "0.00",
             "0.00", "0.00", "", "0.00", "0.00", (request_no + "\t") if request_no else "", fee,
             "0.00", remark]
    return cells


ROWS = [
    row("2026010122001400001000000001", "S01T0120260101100000001", "交易", "咖啡",
        "2026-01-01 10:00:00", "2026-01-01 10:00:05", "12.34", "12.34", "", "0.07"),
    row("2026010122001400001000000001", "S01T0120260101100000001", "退款", "咖啡",
        "2026-01-01 10:00:00", "2026-01-01 11:30:00", "-2.00", "-2.00", "RF20260101000001",
        "-0.01", "顾客退货"),
    row("2026010122001400001000000002", "S01T0120260101120000002", "交易", "蛋糕, 大",
        "2026-01-01 12:00:00", "2026-01-01 12:00:09", "100.00", "100.00", "", "0.60"),
]


def csv_text(header, rows, encoding="gbk"):
    def cell(c):
        return '"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c
    lines = ["#支付宝交易记录明细查询",
             "#账号：[20881021770000010156]",
             "#起始日期：[2026年01月01日 00:00:00]   终止日期：[2026年01月02日 00:00:00]",
             "#-----------------------------------------业务明细列表----------------------------------------",
             ",".join(header)]
    lines += [",".join(cell(c) for c in r) for r in rows]
    lines += ["#-----------------------------------------业务明细列表结束------------------------------------",
              "#交易合计：2笔，商家实收共112.34元，商家优惠共0.00元",
              "#退款合计：1笔，商家实收退款共-2.00元，商家优惠退款共0.00元",
              "#导出时间：[2026年01月02日 09:00:00]"]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


SUMMARY = ("#支付宝业务汇总查询\r\n#账号：[20881021770000010156]\r\n"
           "门店编号,门店名称,交易订单总笔数,退款订单总笔数,已收入金额（元）\r\n"
           "S01,一号店,2,1,110.34\r\n#导出时间：[2026年01月02日 09:00:00]\r\n").encode("gbk")


def make_zip(name, entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for entry_name, data in entries:
            info = zipfile.ZipInfo(entry_name, date_time=(2026, 1, 2, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    write(name, buf.getvalue())


DETAIL = "20881021770000010156_20260101_业务明细.csv"
SUMMARY_NAME = "20881021770000010156_20260101_业务明细(汇总).csv"
make_zip("bill_ok.zip", [(SUMMARY_NAME, SUMMARY), (DETAIL, csv_text(HEADER, ROWS))])
make_zip("bill_empty_day.zip", [(DETAIL, csv_text(HEADER, []))])
write("bill_not_a_zip.zip", b"<html>404 Not Found</html>\n")
make_zip("bill_no_csv.zip", [("readme.txt", b"nothing here\n")])
make_zip("bill_missing_column.zip",
         [(DETAIL, csv_text([h for h in HEADER if h != "服务费（元）"],
                            [r[:22] + r[23:] for r in ROWS]))])
bad_amount = [list(r) for r in ROWS]
bad_amount[2][11] = "100.0O"
make_zip("bill_bad_amount.zip", [(DETAIL, csv_text(HEADER, bad_amount))])
bad_type = [list(r) for r in ROWS]
bad_type[1][2] = "转账"
make_zip("bill_bad_type.zip", [(DETAIL, csv_text(HEADER, bad_type))])
short_row = [list(r) for r in ROWS]
short_row[1] = short_row[1][:10]
make_zip("bill_short_row.zip", [(DETAIL, csv_text(HEADER, short_row))])
make_zip("bill_utf8.zip", [(DETAIL, csv_text(HEADER, ROWS, "utf-8"))])
