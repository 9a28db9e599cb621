#!/usr/bin/env python3
"""Regenerates common-passwords.txt: well-known leaked favourites, keyboard walks, digit
patterns, dates and the pinyin/number phrases popular with Chinese users, plus their usual
decorations. Deterministic; run from this folder: ./generate-common-passwords.py > common-passwords.txt"""

base = """
123456 123456789 12345678 12345 1234567 1234567890 111111 000000 123123 654321 666666 888888
88888888 66666666 11111111 00000000 12341234 123321 112233 121212 147258369 159357 987654321
0987654321 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx zaq1xsw2 qazwsx qazwsxedc qwerty
qwertyuiop qwertyui qwerty123 qwerty12345 asdfgh asdfghjkl asdfasdf zxcvbn zxcvbnm qweasd
qweasdzxc qweqwe asdasd zxczxc 1qaz2wsx3edc q1w2e3r4 q1w2e3r4t5 a1b2c3d4 abc123 abcd1234
abcdefg abcdefgh abcdefghij aaaaaa aaaaaaaa password password1 password12 password123
password1234 passw0rd p@ssw0rd p@ssword pa$$word passwort motdepasse iloveyou iloveyou1
letmein welcome welcome1 welcome123 admin admin123 administrator root toor master monkey
dragon football baseball basketball soccer hockey shadow sunshine princess superman batman
trustno1 whatever freedom starwars pokemon michael jennifer jordan23 hunter2 hello hello123
helloworld login guest changeme secret secret123 test test123 testing 1234qwer qwer1234
asdf1234 zxcv1234 1234abcd abcd12345 a123456 a12345678 a123456789 aa123456 aa12345678
123456a 123456789a 12345678a 123456aa qq123456 qq5201314 woaini woaini1314 woaini520
woaini521 woaini123 woaini1314520 5201314 52013145201314 1314520 1314521 520520 521521
wo5201314 iloveyou1314 5201314a a5201314 w5201314 wang123456 zhang123456 li123456 liu123456
chen123456 yang123456 huang123456 zhao123456 wu123456 zhou123456 xu123456 sun123456 ma123456
zhu123456 hu123456 guo123456 he123456 lin123456 luo123456 gao123456 zheng123456 liang123456
wangwei zhangwei wangfang liwei liuwei zhangmin lina wangjing zhanglei woaini888 aini1314
baobei baobei520 baobei1314 laopo520 laogong520 laopo1314 laogong1314 xiaoming xiaohong
xiaoqiang xiaobao xiaopang xiaoyu zhongguo zhongguo123 beijing beijing2008 shanghai
shanghai123 guangzhou shenzhen hangzhou chengdu wuhan nanjing tianjin chongqing xian
qingdao suzhou kaixin kuaile kaixin123 xingfu fachai facai888 dafacai 168168 168888 518518
888999 999999 99999999 777777 77777777 555555 55555555 222222 333333 444444 12121212
11223344 123654 147258 147369 159753 258369 369258 741852963 789456 789456123 7894561230
963852741 1234554321 12345654321 135792468 13579 246810 aaa111 a1a2a3 abc123456 abcabc
iloveu ilovechina chinese china china123 china2008 huawei xiaomi tencent alibaba taobao
taobao123 weixin wechat qq123 qqqqqq qwe123 qwe123456 qweqweqwe asd123 asd123456 zxc123
zxc123456 woshishui nishishui shabi sb123456 dragon123 longlong tiantian xingxing yueyue
lovelove iloveyou520 mima mima123 mima123456 mimamima 123mima wodemima admin888 admin666
manager cashier shouyin shouyinyuan dianzhang laoban boss boss123 store shop shop123
store123 paydesk paydesk123 alipay alipay123 zhifubao weixinzhifu
"""

words = """
password admin welcome letmein monkey dragon master sunshine princess football baseball
shadow michael jennifer jordan superman batman iloveyou trustno1 qwerty qwertyuiop asdfghjkl
zxcvbnm woaini woaini1314 aini baobei laopo laogong wangwei zhangwei zhongguo beijing
shanghai shenzhen xiaoming tiantian kaixin xingfu facai dafacai china huawei xiaomi taobao
weixin wechat alipay zhifubao mima shouyin dianzhang laoban cashier manager store shop
paydesk login secret hello summer winter spring autumn love lovely angel flower tiger lucky
money golden diamond happy cookie cheese chocolate banana orange apple computer internet
google samsung iphone nokia lenovo pingan wanmei yongyuan xiaoxiao mengmeng lele huahua
"""

suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "@123",
            "520", "521", "1314", "5201314", "666", "888", "8888", "168", "2020", "2021", "2022",
            "2023", "2024", "2025", "2026", "01", "007", "00", "11", "99", "000", "111", "999", "a"]


def walks():
    rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "0987654321", "poiuytrewq",
            "lkjhgfdsa", "mnbvcxz"]
    out = set()
    for r in rows:
        for n in range(6, len(r) + 1):
            out.add(r[:n])
    cols = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"]
    for i in range(len(cols)):
        for j in range(i + 2, len(cols) + 1):
            out.add("".join(cols[i:j]))
    for a, b in [("qwe", "asd"), ("asd", "zxc"), ("qwer", "asdf"), ("asdf", "zxcv"), ("qwert", "asdfg")]:
        out.add(a + b)
        out.add(a + b + "123")
    return out


def digits():
    out = set()
    for d in "0123456789":
        for n in range(6, 13):
            out.add(d * n)
    for n in range(6, 11):
        out.add("".join(str(i % 10) for i in range(1, n + 1)))
        out.add("".join(str(i % 10) for i in range(0, n)))
        out.add("".join(str((10 - i) % 10) for i in range(1, n + 1)))
    for a in ["12", "123", "1234", "520", "521", "1314", "168", "888", "666", "110"]:
        for rep in range(2, 5):
            out.add(a * rep)
    return out


def dates():
    out = set()
    for y in range(1960, 2027):
        out.add(str(y))
        for m in range(1, 13):
            for d in (1, 8, 10, 15, 18, 20, 28):
                out.add(f"{y}{m:02d}{d:02d}")
        out.add(f"{y}{y}")
        out.add(f"woaini{y}")
        out.add(f"love{y}")
    return out


def main():
    entries = set(base.split())
    for w in words.split():
        for s in suffixes:
            entries.add(w + s)
            entries.add(w.capitalize() + s)
        entries.add(w + w)
        entries.add("123" + w)
        entries.add("1314" + w)
    for e in list(walks()):
        entries.add(e)
        for s in ["1", "123", "!", "520", "1314"]:
            entries.add(e + s)
    entries |= digits()
    entries |= dates()
    entries = sorted({e.lower() for e in entries if len(e) >= 4})
    print("# Common passwords refused by PasswordPolicy (case-insensitive).")
    print("# Generated by generate-common-passwords.py; edit that, not this file.")
    for e in entries:
        print(e)


if __name__ == "__main__":
    main()
